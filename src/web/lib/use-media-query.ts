import { useSyncExternalStore } from 'react';

/**
 * Whether a media query matches, following changes. Where `matchMedia` is missing (tests,
 * very old browsers) it answers `fallback`.
 */
export function matchesMedia(query: string, fallback: boolean): boolean {
  return typeof window === 'undefined' || typeof window.matchMedia !== 'function'
    ? fallback
    : window.matchMedia(query).matches;
}

export function useMediaQuery(query: string, fallback: boolean): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') {
        return () => undefined;
      }
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => matchesMedia(query, fallback),
    () => fallback,
  );
}
