import react from '@vitejs/plugin-react';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The minimal pages the web benchmark compares the SPA with. Built by bench/web.ts into the
 * benchmark's copy of the SPA under /__bench/, so the real server serves them from the same origin
 * and they read the SPA's signed-in session.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), 'minimal');

export default defineConfig({
  root,
  base: '/__bench/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    emptyOutDir: true,
    rollupOptions: {
      input: { chart: join(root, 'chart.html'), table: join(root, 'table.html') },
    },
  },
});
