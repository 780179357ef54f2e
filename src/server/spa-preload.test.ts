import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  matchSpaRoute,
  preloadTags,
  readViteManifest,
  SPA_ROUTES,
  spaPages,
  type ViteManifest,
} from './spa-preload.ts';

const LIST = 'src/web/features/kpis/pages/KpiListPage.tsx';
const DETAIL = 'src/web/features/kpis/pages/KpiDetailPage.tsx';
const BOARD = 'src/web/features/insightboards/pages/BoardPage.tsx';

/** A manifest shaped like the client build's: one entry, lazy pages, shared and chart chunks. */
function fakeManifest(): ViteManifest {
  return {
    'index.html': {
      file: 'assets/index-E1.js',
      isEntry: true,
      imports: ['_app-A1.js'],
      css: ['assets/index-C1.css'],
    },
    '_app-A1.js': { file: 'assets/app-A1.js' },
    [LIST]: { file: 'assets/KpiListPage-L1.js', imports: ['index.html', '_kpi-common-K1.js'] },
    '_kpi-common-K1.js': { file: 'assets/kpi-common-K1.js', imports: ['_format-F1.js'] },
    // Imports back into kpi-common: a cycle must not loop.
    '_format-F1.js': { file: 'assets/format-F1.js', imports: ['_kpi-common-K1.js', '_app-A1.js'] },
    [DETAIL]: {
      file: 'assets/KpiDetailPage-D1.js',
      imports: ['_kpi-common-K1.js', '_Dialog-G1.js', 'index.html'],
      css: ['assets/KpiDetailPage-S1.css'],
    },
    '_Dialog-G1.js': { file: 'assets/Dialog-G1.js' },
    // Loaded with React.lazy inside the page: listed in the manifest, never preloaded.
    'src/web/components/kpi/LineChart.tsx': {
      file: 'assets/LineChart-R1.js',
      imports: ['_recharts-R2.js'],
    },
    '_recharts-R2.js': { file: 'assets/recharts-R2.js' },
  };
}

const hrefs = (tags: string, rel: string) =>
  [...tags.matchAll(new RegExp(`<link rel="${rel}" crossorigin href="([^"]+)">`, 'g'))].map(
    (m) => m[1],
  );

describe('preloadTags', () => {
  it('names the page chunk and its nested static imports, once each', () => {
    const tags = preloadTags(fakeManifest(), LIST);
    expect(hrefs(tags, 'modulepreload')).toEqual([
      '/assets/KpiListPage-L1.js',
      '/assets/kpi-common-K1.js',
      '/assets/format-F1.js',
    ]);
    expect(hrefs(tags, 'stylesheet')).toEqual([]);
  });

  it('leaves out what the entry loads: its file, its imports and its CSS', () => {
    const manifest = fakeManifest();
    manifest[DETAIL]!.css = ['assets/KpiDetailPage-S1.css', 'assets/index-C1.css'];
    const tags = preloadTags(manifest, DETAIL);
    expect(tags).not.toContain('index-E1.js');
    expect(tags).not.toContain('app-A1.js');
    expect(tags).not.toContain('index-C1.css');
  });

  it("adds the page's CSS, shared chunks, and none of its dynamic imports", () => {
    const tags = preloadTags(fakeManifest(), DETAIL);
    expect(hrefs(tags, 'stylesheet')).toEqual(['/assets/KpiDetailPage-S1.css']);
    expect(hrefs(tags, 'modulepreload')).toEqual([
      '/assets/KpiDetailPage-D1.js',
      '/assets/kpi-common-K1.js',
      '/assets/format-F1.js',
      '/assets/Dialog-G1.js',
    ]);
    expect(tags).not.toMatch(/LineChart|recharts/);
  });

  it('answers nothing for a module the build does not know', () => {
    expect(preloadTags(fakeManifest(), BOARD)).toBe('');
  });

  it('puts the base before each file', () => {
    expect(hrefs(preloadTags(fakeManifest(), LIST, '/app/'), 'modulepreload')[0]).toBe(
      '/app/assets/KpiListPage-L1.js',
    );
  });
});

describe('matchSpaRoute', () => {
  it.each([
    ['/', LIST],
    ['/kpis', LIST],
    ['/kpis/', LIST],
    ['/KPIS', LIST],
    ['/kpis/new', 'src/web/features/kpis/pages/KpiCreatePage.tsx'],
    ['/kpis/0123456789abcdef01234567/edit', 'src/web/features/kpis/pages/KpiEditPage.tsx'],
    ['/kpis/0123456789abcdef01234567', DETAIL],
    ['/groups/g1', 'src/web/features/kpi-groups/pages/GroupPage.tsx'],
    ['/insightboards/bench-board', BOARD],
    ['/kpis/a/b', null],
    ['/nothing/here', null],
  ])('%s shows %s', (path, page) => {
    expect(matchSpaRoute(path)?.page ?? null).toBe(page);
  });
});

describe('spaPages', () => {
  const html = '<html><head><title>KPI</title></head><body></body></html>';

  it("puts the route's tags before </head>", () => {
    const page = spaPages(html, fakeManifest()).htmlFor('/kpis/abc');
    const tags = preloadTags(fakeManifest(), DETAIL);
    expect(tags).toContain('KpiDetailPage-D1.js');
    expect(page).toBe(`<html><head><title>KPI</title>${tags}</head><body></body></html>`);
  });

  it('sends index.html as it is for a path without a page, or without a manifest', () => {
    expect(spaPages(html, fakeManifest()).htmlFor('/kpis/a/b')).toBe(html);
    expect(spaPages(html, null).htmlFor('/kpis')).toBe(html);
  });

  it('builds the page of a route pattern once', () => {
    const manifest = fakeManifest();
    const pages = spaPages(html, manifest);
    const first = pages.htmlFor('/kpis/one');
    manifest[DETAIL]!.file = 'assets/KpiDetailPage-D2.js';
    expect(pages.htmlFor('/kpis/two')).toBe(first);
    expect(pages.htmlFor('/kpis/two')).toContain('KpiDetailPage-D1.js');
  });
});

describe('readViteManifest', () => {
  it('reads .vite/manifest.json, or answers null when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spa-preload-'));
    try {
      expect(readViteManifest(dir)).toBeNull();
      mkdirSync(join(dir, '.vite'));
      writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(fakeManifest()));
      expect(readViteManifest(dir)?.[LIST]?.file).toBe('assets/KpiListPage-L1.js');
      writeFileSync(join(dir, '.vite', 'manifest.json'), '{"x": {"imports": []}}');
      expect(() => readViteManifest(dir)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The routes of src/web/router.tsx as the server should see them: each leaf route's full path and
 * the lazy page it shows, following redirects (`<Navigate to>`, or a component that calls
 * `navigate('/…')`) to the page of their target.
 */
function routesOfRouter(): { pattern: string; page: string | null }[] {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'router.tsx');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const find = <T extends ts.Node>(root: ts.Node, test: (n: ts.Node) => n is T): T[] => {
    const found: T[] = [];
    const visit = (node: ts.Node) => {
      if (test(node)) found.push(node);
      node.forEachChild(visit);
    };
    visit(root);
    return found;
  };
  const property = (object: ts.ObjectLiteralExpression, name: string) =>
    object.properties
      .filter(ts.isPropertyAssignment)
      .find((p) => ts.isIdentifier(p.name) && p.name.text === name)?.initializer;

  /** Where a route's element sends the visitor, when it only redirects. */
  const redirectOf = (element: ts.Expression): string | null => {
    if (!ts.isJsxSelfClosingElement(element)) return null;
    const tag = element.tagName.getText(source);
    if (tag === 'Navigate') {
      const to = element.attributes.properties
        .filter(ts.isJsxAttribute)
        .find((a) => a.name.getText(source) === 'to')?.initializer;
      return to && ts.isStringLiteral(to) ? to.text : null;
    }
    const component = find(source, ts.isFunctionDeclaration).find((f) => f.name?.text === tag);
    const call = component
      ? find(component, ts.isCallExpression).find(
          (c) => c.expression.getText(source) === 'navigate' && ts.isStringLiteral(c.arguments[0]!),
        )
      : undefined;
    return call ? (call.arguments[0] as ts.StringLiteral).text : null;
  };

  const leaves: { pattern: string; page?: string | null; redirect?: string }[] = [];
  const walk = (routes: ts.ArrayLiteralExpression, parent: string) => {
    for (const route of routes.elements) {
      if (!ts.isObjectLiteralExpression(route)) throw new Error('A route is not an object');
      const path = property(route, 'path');
      const full = path && ts.isStringLiteral(path) ? posix.join(parent, path.text) : parent || '/';
      const children = property(route, 'children');
      if (children && ts.isArrayLiteralExpression(children)) {
        walk(children, full);
        continue;
      }
      const lazy = property(route, 'lazy');
      const element = property(route, 'element');
      if (lazy) {
        const load = find(
          lazy,
          (n): n is ts.CallExpression =>
            ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword,
        )[0];
        const target = load?.arguments[0];
        if (!target || !ts.isStringLiteral(target)) throw new Error(`${full}: no import('…')`);
        leaves.push({ pattern: full, page: posix.join('src/web', target.text) });
      } else if (element) {
        const redirect = redirectOf(element);
        leaves.push(redirect ? { pattern: full, redirect } : { pattern: full, page: null });
      }
    }
  };
  const create = find(source, ts.isCallExpression).find(
    (c) => c.expression.getText(source) === 'createBrowserRouter',
  );
  const table = create?.arguments[0];
  if (!table || !ts.isArrayLiteralExpression(table)) throw new Error('No createBrowserRouter([…])');
  walk(table, '');
  return leaves.map(({ pattern, page, redirect }) => ({
    pattern,
    page:
      redirect === undefined
        ? (page ?? null)
        : (leaves.find((l) => l.pattern === redirect)?.page ?? null),
  }));
}

describe('the route table', () => {
  const router = routesOfRouter();
  const byPattern = (a: { pattern: string }, b: { pattern: string }) =>
    a.pattern.localeCompare(b.pattern);

  it('has every route of router.tsx with the same page, and no other', () => {
    // A sanity check on the parsing itself: every page route of the SPA was found.
    expect(router.filter((r) => r.page !== null).length).toBeGreaterThanOrEqual(9);
    expect([...SPA_ROUTES].sort(byPattern)).toEqual([...router].sort(byPattern));
  });

  it("picks, for a path of each route, that route's page", () => {
    for (const route of router) {
      const path = route.pattern
        .replace(/:[^/]+/g, '0123456789abcdef01234567')
        .replace('*', 'no/such/page');
      expect({ path, page: matchSpaRoute(path)?.page ?? null }).toEqual({ path, page: route.page });
    }
  });
});
