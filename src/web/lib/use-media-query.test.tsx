// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useMediaQuery } from './use-media-query.ts';

function Probe() {
  return <p>{useMediaQuery('(min-width: 64rem)', true) ? 'wide' : 'narrow'}</p>;
}

/** A matchMedia whose one answer the test sets and announces. */
function fakeMatchMedia(initial: boolean) {
  let matches = initial;
  const listeners = new Set<() => void>();
  vi.stubGlobal('matchMedia', (media: string) => ({
    media,
    get matches() {
      return matches;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  }));
  return (next: boolean) => {
    matches = next;
    for (const listener of listeners) listener();
  };
}

describe('useMediaQuery', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('answers the query and follows its changes', () => {
    const set = fakeMatchMedia(false);
    render(<Probe />);
    expect(screen.getByText('narrow')).toBeTruthy();
    act(() => set(true));
    expect(screen.getByText('wide')).toBeTruthy();
  });

  it('answers the fallback without matchMedia', () => {
    vi.stubGlobal('matchMedia', undefined);
    render(<Probe />);
    expect(screen.getByText('wide')).toBeTruthy();
  });
});
