/** Rendering for component tests: a memory router, a fresh query client, and what jsdom lacks. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { Toaster } from '../components/ui/Toaster.tsx';

export interface RenderOptions {
  /** Where the router starts. */
  path?: string;
  /** Mounts the toaster too, for what reports through toasts. */
  toaster?: boolean;
}

/**
 * Renders `content` (one element shown at every path, or `{ routes }`) inside a memory router
 * and a query client that neither retries nor refetches on its own.
 */
export function renderApp(
  content: ReactNode | { routes: RouteObject[] },
  { path = '/', toaster = false }: RenderOptions = {},
) {
  const routes =
    typeof content === 'object' && content !== null && 'routes' in content
      ? content.routes
      : [{ path: '*', element: content }];
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
      {toaster && <Toaster />}
    </QueryClientProvider>,
  );
  return { ...view, client, router };
}

/** jsdom has no modal dialogs; open and close them as attributes. */
export function polyfillDialog() {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & Record<string, unknown>;
  proto.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}

/** Charts measure their box; jsdom has no layout. */
export function stubResizeObserver() {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
}
