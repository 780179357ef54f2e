// First: settings the other modules rely on while they load.
import './lib/zod-setup.ts';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { applyTheme, preferencesStore } from './lib/preferences.ts';
import { queryClient } from './lib/query-client.ts';
import { router } from './router.tsx';
import './styles.css';

applyTheme(preferencesStore.get().theme);
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  applyTheme(preferencesStore.get().theme);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
