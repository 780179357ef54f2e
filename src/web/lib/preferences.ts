import { formatOffset, parseTimeZone } from '../../contract/periods.ts';
import { createStore, useStore } from './store.ts';

export type Theme = 'light' | 'dark' | 'system';

export interface Preferences {
  /** The default time zone of periods and charts; a page's URL may override it. */
  timeZone: string;
  theme: Theme;
}

const KEY = 'kpi-dashboard.preferences';

/** The browser's current UTC offset, as the API writes it: `UTC+2`, `UTC-5:30`. */
export function browserTimeZone(now = new Date()): string {
  return formatOffset(-now.getTimezoneOffset());
}

function read(): Preferences {
  const fallback: Preferences = { timeZone: browserTimeZone(), theme: 'system' };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
    return {
      timeZone: raw.timeZone && parseTimeZone(raw.timeZone) ? raw.timeZone : fallback.timeZone,
      theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
    };
  } catch {
    return fallback;
  }
}

export const preferencesStore = createStore<Preferences>(
  typeof localStorage === 'undefined' ? { timeZone: 'UTC', theme: 'system' } : read(),
);

export function setPreferences(patch: Partial<Preferences>): void {
  const next = { ...preferencesStore.get(), ...patch };
  localStorage.setItem(KEY, JSON.stringify(next));
  preferencesStore.set(next);
  applyTheme(next.theme);
}

export function applyTheme(theme: Theme): void {
  const dark =
    theme === 'dark' ||
    (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

export const usePreferences = () => useStore(preferencesStore);
