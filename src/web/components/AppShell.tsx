import { useState, type ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
import { browserTimeZone, setPreferences, usePreferences, type Theme } from '../lib/preferences.ts';
import { signOut } from '../lib/session.ts';
import { TIME_ZONE_CHOICES } from '../lib/time-zones.ts';
import { useCurrentUser } from '../queries/shared.ts';
import { focusRing } from './ui/Button.tsx';
import { fitInputClass } from './ui/Field.tsx';
import { Toaster } from './ui/Toaster.tsx';

const NAV = [
  { to: '/kpis', label: 'KPIs' },
  { to: '/groups', label: 'Groups' },
  { to: '/insightboards', label: 'Insightboards' },
];

function NavItems({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <>
      {NAV.map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          onClick={onNavigate}
          className={({ isActive }) =>
            `rounded-md px-3 py-2 text-sm font-medium ${focusRing} ${
              isActive
                ? 'bg-blue-50 text-blue-800 dark:bg-blue-950 dark:text-blue-200'
                : 'text-gray-700 hover:bg-gray-100 dark:text-gray-300 dark:hover:bg-gray-800'
            }`
          }
        >
          {item.label}
        </NavLink>
      ))}
    </>
  );
}

function Settings() {
  const preferences = usePreferences();
  const zones = TIME_ZONE_CHOICES.includes(preferences.timeZone)
    ? TIME_ZONE_CHOICES
    : [preferences.timeZone, ...TIME_ZONE_CHOICES];
  const local = browserTimeZone();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="tz-setting">
        Time zone
      </label>
      <select
        id="tz-setting"
        className={`${fitInputClass} py-1.5`}
        value={preferences.timeZone}
        onChange={(e) => setPreferences({ timeZone: e.target.value })}
        title="Time zone of periods and charts"
      >
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
            {zone === local ? ' (this device)' : ''}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="theme-setting">
        Theme
      </label>
      <select
        id="theme-setting"
        className={`${fitInputClass} py-1.5`}
        value={preferences.theme}
        onChange={(e) => setPreferences({ theme: e.target.value as Theme })}
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}

function UserMenu() {
  const me = useCurrentUser();
  return (
    <div className="flex items-center gap-3 text-sm">
      <span
        className="hidden max-w-56 truncate whitespace-nowrap text-gray-700 lg:inline dark:text-gray-300"
        data-testid="signed-in-user"
      >
        {me.data ? `${me.data.user.name} · ${me.data.account.name}` : ''}
      </span>
      <button
        type="button"
        onClick={signOut}
        className={`whitespace-nowrap rounded-md px-2 py-1 text-gray-700 underline hover:text-gray-900 dark:text-gray-300 dark:hover:text-white ${focusRing}`}
      >
        Sign out
      </button>
    </div>
  );
}

export function AppShell({ children }: { children?: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="min-h-screen bg-gray-50 dark:bg-gray-950">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2">
          <NavLinkHome />
          <nav aria-label="Main" className="hidden items-center gap-1 lg:flex">
            <NavItems />
          </nav>
          <div className="ml-auto hidden lg:block">
            <Settings />
          </div>
          <div className="ml-auto lg:ml-0">
            <UserMenu />
          </div>
          <button
            type="button"
            className={`rounded-md p-2 lg:hidden ${focusRing}`}
            aria-expanded={menuOpen}
            aria-controls="mobile-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="sr-only">Menu</span>
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-current">
              <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
            </svg>
          </button>
        </div>
        {menuOpen && (
          <div
            id="mobile-menu"
            className="space-y-3 border-t border-gray-200 px-4 py-3 lg:hidden dark:border-gray-800"
          >
            <nav aria-label="Main" className="flex flex-col gap-1">
              <NavItems onNavigate={() => setMenuOpen(false)} />
            </nav>
            <Settings />
          </div>
        )}
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children ?? <Outlet />}
      </main>
      <Toaster />
    </div>
  );
}

function NavLinkHome() {
  return (
    <NavLink
      to="/kpis"
      className={`flex shrink-0 items-center gap-2 whitespace-nowrap font-semibold ${focusRing}`}
    >
      <img src="/favicon.svg" alt="" className="h-6 w-6" />
      <span>KPI Dashboard</span>
    </NavLink>
  );
}
