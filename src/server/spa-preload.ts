import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Module preload hints for the SPA's pages. Each page of the SPA is a lazy module that the browser
 * would only ask for once the entry script has run; naming the page's files in `index.html` lets
 * it fetch them alongside the entry. The build's manifest (`.vite/manifest.json`) says which files
 * each source module became and what they import.
 */

const KPI_LIST_PAGE = 'src/web/features/kpis/pages/KpiListPage.tsx';

export interface SpaRoute {
  /** A path as the router writes it: static segments, `:param`, and a last `*` for any rest. */
  pattern: string;
  /** The source module (from the project root) of the lazy page shown, or null for none. */
  page: string | null;
}

/**
 * The routes of `src/web/router.tsx`, in an order where the first match is the page the router
 * shows (static segments before parameters). The server does not import the SPA, so the table is
 * kept here; spa-preload.test.ts reads router.tsx and fails when the two differ.
 */
export const SPA_ROUTES: readonly SpaRoute[] = [
  // `/` redirects to the list, and so does the sign-in link once it has stored the session.
  { pattern: '/', page: KPI_LIST_PAGE },
  { pattern: '/sign-in', page: KPI_LIST_PAGE },
  { pattern: '/kpis', page: KPI_LIST_PAGE },
  { pattern: '/kpis/new', page: 'src/web/features/kpis/pages/KpiCreatePage.tsx' },
  { pattern: '/kpis/:kpiId/edit', page: 'src/web/features/kpis/pages/KpiEditPage.tsx' },
  { pattern: '/kpis/:kpiId', page: 'src/web/features/kpis/pages/KpiDetailPage.tsx' },
  { pattern: '/groups', page: 'src/web/features/kpi-groups/pages/GroupsPage.tsx' },
  { pattern: '/groups/:groupId', page: 'src/web/features/kpi-groups/pages/GroupPage.tsx' },
  { pattern: '/insightboards', page: 'src/web/features/insightboards/pages/BoardsPage.tsx' },
  {
    pattern: '/insightboards/:tag',
    page: 'src/web/features/insightboards/pages/BoardPage.tsx',
  },
  // The not-found page is part of the entry.
  { pattern: '/*', page: null },
];

const segments = (path: string) => path.split('/').filter((s) => s !== '');

/**
 * Like the router: static segments compare without case, a parameter takes one segment, a last
 * `*` takes whatever remains.
 */
function matches(pattern: string, path: string): boolean {
  const want = segments(pattern);
  const got = segments(path);
  const rest = want.at(-1) === '*';
  if (rest) want.pop();
  if (rest ? got.length < want.length : got.length !== want.length) return false;
  return want.every(
    (segment, i) => segment.startsWith(':') || segment.toLowerCase() === got[i]!.toLowerCase(),
  );
}

export function matchSpaRoute(
  path: string,
  routes: readonly SpaRoute[] = SPA_ROUTES,
): SpaRoute | null {
  return routes.find((route) => matches(route.pattern, path)) ?? null;
}

const ManifestChunk = z.object({
  file: z.string(),
  isEntry: z.boolean().optional(),
  imports: z.array(z.string()).optional(),
  css: z.array(z.string()).optional(),
});
export const ViteManifest = z.record(z.string(), ManifestChunk);
export type ViteManifest = z.infer<typeof ViteManifest>;

/** The client build's manifest beside the SPA, or null when the build wrote none. */
export function readViteManifest(webDir: string): ViteManifest | null {
  const file = join(webDir, '.vite', 'manifest.json');
  if (!existsSync(file)) return null;
  return ViteManifest.parse(JSON.parse(readFileSync(file, 'utf8')));
}

interface Files {
  scripts: string[];
  styles: string[];
}

/** The files of a chunk and of everything it imports statically; dynamic imports stay out. */
function staticClosure(manifest: ViteManifest, key: string): Files {
  const seen = new Set<string>();
  const files: Files = { scripts: [], styles: [] };
  const visit = (name: string) => {
    const chunk = manifest[name];
    if (!chunk || seen.has(name)) return;
    seen.add(name);
    files.scripts.push(chunk.file);
    files.styles.push(...(chunk.css ?? []));
    chunk.imports?.forEach(visit);
  };
  visit(key);
  return files;
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The `<link>` tags that fetch a page module's files early: its chunk and static imports,
 * without what the entry already loads. `crossorigin` matches the entry's own tags, so the
 * browser reuses the preloaded responses for the later imports.
 */
export function preloadTags(manifest: ViteManifest, page: string, base = '/'): string {
  if (!manifest[page]) return '';
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  const loaded = new Set<string>();
  for (const entry of entries) {
    const files = staticClosure(manifest, entry);
    [...files.scripts, ...files.styles].forEach((file) => loaded.add(file));
  }
  const { scripts, styles } = staticClosure(manifest, page);
  const href = (file: string) => attribute(`${base}${file}`);
  const tags = [
    ...[...new Set(styles)]
      .filter((file) => !loaded.has(file))
      .map((file) => `<link rel="stylesheet" crossorigin href="${href(file)}">`),
    ...scripts
      .filter((file) => !loaded.has(file))
      .map((file) => `<link rel="modulepreload" crossorigin href="${href(file)}">`),
  ];
  return tags.join('');
}

export interface SpaPages {
  /** `index.html` for a client-side path, with the preload tags of the page it shows. */
  htmlFor(path: string): string;
}

/** Builds each route's `index.html` once, on its first request. */
export function spaPages(
  indexHtml: string,
  manifest: ViteManifest | null,
  routes: readonly SpaRoute[] = SPA_ROUTES,
): SpaPages {
  const cache = new Map<string, string>();
  return {
    htmlFor(path) {
      const route = matchSpaRoute(path, routes);
      if (!manifest || !route?.page) return indexHtml;
      let html = cache.get(route.pattern);
      if (html === undefined) {
        const tags = preloadTags(manifest, route.page);
        // A function replacement, so that `$` in a file name is taken as it is.
        html = tags ? indexHtml.replace('</head>', () => `${tags}</head>`) : indexHtml;
        cache.set(route.pattern, html);
      }
      return html;
    },
  };
}
