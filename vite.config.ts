import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ViteDevServer } from 'vite';
import type * as DevModule from './src/server/dev.ts';

const isApiPath = (url: string) => url.startsWith('/results/api') || url.startsWith('/api/');

/** Mounts the API server in the dev server, so the SPA and the API share one port. */
function apiInDevServer(): Plugin {
  return {
    name: 'kpi-api-dev',
    apply: 'serve',
    configureServer(server: ViteDevServer) {
      const load = async () =>
        (await server.ssrLoadModule('/src/server/dev.ts')) as typeof DevModule;
      server.middlewares.use((req, res, next) => {
        if (!req.url || !isApiPath(req.url)) return next();
        load()
          .then((mod) => mod.devApi())
          .then(({ listener }) => listener(req, res))
          .catch(next);
      });
      server.httpServer?.once('listening', () => {
        void load()
          .then((mod) => mod.devApi())
          .then(({ signInPath }) => signInPath())
          .then((path) => {
            const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? '';
            if (path) server.config.logger.info(`  Sign in as the demo user: ${origin}${path}`);
          });
      });
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react(), tailwindcss(), apiInDevServer()],
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173 },
  build: { outDir: 'dist/web', emptyOutDir: true, sourcemap: false, copyPublicDir: !isSsrBuild },
}));
