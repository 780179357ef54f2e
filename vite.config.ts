import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, parseAst, type Plugin, type ViteDevServer } from 'vite';
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

/**
 * zod's classic schemas carry their JSON Schema conversion (about 17 kB, 5 kB gzip), which only
 * the server uses, for the OpenAPI document. In the SPA's build the two modules behind it are
 * replaced by stand-ins that throw if called; `aggregateChecks`, which the schemas' `minLength`
 * and similar getters read, stays the real one. Every export of the real modules is stood in for,
 * so a zod update that adds one still builds.
 */
function zodWithoutJsonSchema(): Plugin {
  const modules = ['json-schema-processors.js', 'to-json-schema.js'];
  const prefix = '\0zod-without-json-schema:';
  return {
    name: 'zod-without-json-schema',
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    enforce: 'pre',
    async resolveId(source, importer) {
      const name = modules.find((m) => source.endsWith(`/core/${m}`));
      if (!name || !importer || !/[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(importer)) return null;
      const real = await this.resolve(source, importer, { skipSelf: true });
      return real ? `${prefix}${real.id}` : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const real = id.slice(prefix.length);
      const names = new Set<string>();
      for (const match of readFileSync(real, 'utf8').matchAll(
        /^export (?:const|function|async function) ([A-Za-z0-9_$]+)|^export \{([^}]*)\}/gm,
      )) {
        if (match[1]) names.add(match[1]);
        for (const part of match[2]?.split(',') ?? []) {
          const exported = part
            .trim()
            .split(/\s+as\s+/)
            .at(-1);
          if (exported) names.add(exported);
        }
      }
      const lines = [
        'const unavailable = () => { throw new Error("JSON Schema conversion is left out of the web build"); };',
      ];
      for (const name of names) {
        if (name === 'aggregateChecks')
          lines.push(`export { aggregateChecks } from ${JSON.stringify(real)};`);
        else if (name.startsWith('create')) lines.push(`export const ${name} = () => unavailable;`);
        else lines.push(`export const ${name} = unavailable;`);
      }
      return lines.join('\n');
    },
  };
}

/**
 * The contract's `.meta({...})` calls carry OpenAPI documentation (descriptions, examples, ids)
 * that only the server's OpenAPI document reads. In the SPA's build they are cut from the
 * contract modules: the schemas parse exactly the same without them.
 */
function contractWithoutDocs(): Plugin {
  type Node = { type: string; start: number; end: number; [key: string]: unknown };
  const isNode = (value: unknown): value is Node =>
    typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
  return {
    name: 'contract-without-docs',
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]src[\\/]contract[\\/][^\\/]+\.ts$/.test(id)) return null;
      const cuts: [number, number][] = [];
      const visit = (node: Node) => {
        const callee = node.callee as Node | undefined;
        const property = callee?.property as Node | undefined;
        if (
          node.type === 'CallExpression' &&
          callee?.type === 'MemberExpression' &&
          !callee.computed &&
          property?.name === 'meta' &&
          (node.arguments as unknown[]).length === 1
        ) {
          cuts.push([(callee.object as Node).end, node.end]);
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.filter(isNode).forEach(visit);
          else if (isNode(value)) visit(value);
        }
      };
      visit(parseAst(code) as unknown as Node);
      if (cuts.length === 0) return null;
      // Outermost first, from the end, so the offsets of the cuts still to make stay right.
      let result = code;
      let limit = Infinity;
      for (const [start, end] of cuts.sort((a, b) => b[0] - a[0] || b[1] - a[1])) {
        if (end > limit) continue;
        result = result.slice(0, start) + result.slice(end);
        limit = start;
      }
      return { code: result, map: null };
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    react(),
    tailwindcss(),
    apiInDevServer(),
    zodWithoutJsonSchema(),
    contractWithoutDocs(),
  ],
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173 },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    copyPublicDir: !isSsrBuild,
    // The server reads the client build's manifest (dist/web/.vite/manifest.json) to name each
    // page's files in index.html, so the browser fetches them alongside the entry.
    manifest: !isSsrBuild,
    // Every browser the app supports preloads modules itself; the polyfill only cost bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: isSsrBuild
      ? {}
      : {
          output: {
            codeSplitting: {
              groups: [
                {
                  // Everything the entry needs, in one file: React had a file of its own that
                  // every page loaded anyway, and one file compresses better than two.
                  name: 'app',
                  tags: ['$initial'],
                },
                {
                  // The small pieces the KPI pages share (formatting, badges, sparklines, the
                  // grouped read) in one file rather than several of a few hundred bytes each.
                  name: 'kpi-common',
                  includeDependenciesRecursively: false,
                  test: /[\\/]src[\\/](contract[\\/]format|web[\\/](components[\\/]kpi[\\/]|lib[\\/]use-time-zone|queries[\\/]snapshot-groups))/,
                },
              ],
            },
          },
        },
  },
}));
