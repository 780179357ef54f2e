import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { config as configureZod } from 'zod';
import { applyTheme, preferencesStore } from './lib/preferences.ts';
import { queryClient } from './lib/query-client.ts';
import { router } from './router.tsx';
import './styles.css';

// The page's policy forbids eval. zod would probe for it on the first parse, and the browser
// reports each probe as a policy violation; its plain parsers need no eval.
configureZod({ jitless: true });

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
