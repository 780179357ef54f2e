import type { Page } from '@playwright/test';
import { reportSuite } from '../src/server/reliability/support/summary.ts';
import { createBoard, type BoardRead } from './support/boards.ts';
import {
  addUser,
  api,
  createAccount,
  createGroup,
  createKpi,
  expect,
  month,
  recordValue,
  signIn,
  test,
  type SeededKpi,
} from './support/fixtures.ts';
import {
  BLOCK_CONTEXTS,
  PATH_PAYLOADS,
  SHORT_PAYLOADS,
  XSS_PAYLOADS,
} from './support/xss-payloads.ts';

/*
 * Stored XSS: every payload is saved in every text field the API keeps (KPI names, descriptions
 * with mentions, prefixes and suffixes, group names, board names, labels, section headers, item
 * titles, account and user names), then every page that shows them is opened and inspected.
 * The pages run under the server's real Content-Security-Policy; an injection that CSP blocks
 * still leaves markup behind, which the DOM checks catch.
 */

test.use({ timezoneId: 'UTC' });
// Seeding runs a few admin commands and several hundred API calls on a shared machine.
test.setTimeout(150_000);

const P = XSS_PAYLOADS;

/** Runs the tasks with at most `limit` in flight, so the seeding does not swamp the server. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit = 8): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** One payload in every inline and block context the markdown renderer knows. */
function descriptionFor(p: string, index: number, mentionIds: readonly string[]): string {
  const context = BLOCK_CONTEXTS[index % BLOCK_CONTEXTS.length]!;
  const userId = mentionIds[index % mentionIds.length]!;
  return [
    p,
    context(p),
    `@[${p}:${p}:${userId}] and @[${p}:a@example.com:unknown-user]`,
    `[${p}](${p}) [link](https://example.com/${p}) **${p}** _${p}_`,
  ].join('\n\n');
}

// -------------------------------------------------------------------------------------------
// What is watched in the browser
// -------------------------------------------------------------------------------------------

interface Watch {
  origin: string;
  dialogs: string[];
  sinks: string[];
  csp: string[];
  requests: string[];
  errors: string[];
}

/** Listeners and traps, installed before the first navigation. */
async function watch(page: Page, origin: string): Promise<Watch> {
  const w: Watch = { origin, dialogs: [], sinks: [], csp: [], requests: [], errors: [] };
  page.on('dialog', (dialog) => {
    w.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    const parsed = new URL(url);
    // The payloads aim at /pwned or a pwned.example host. A path segment starting so means an
    // id escaped its own segment; "pwned" deeper inside one encoded segment is harmless.
    const aimed = parsed.pathname.split('/').some((segment) => {
      try {
        return decodeURIComponent(segment).toLowerCase().startsWith('pwned');
      } catch {
        return false;
      }
    });
    if (parsed.origin !== origin || aimed) w.requests.push(url);
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) w.csp.push(message.text());
  });
  page.on('pageerror', (error) => w.errors.push(error.message));
  await page.exposeBinding('__xssReport', (source, kind: string, detail: string) => {
    if (kind === 'csp') w.csp.push(detail);
    else w.sinks.push(`${kind}(${detail}) on ${source.page.url()}`);
  });
  await page.addInitScript(() => {
    const report = (kind: string, detail: unknown) =>
      (window as unknown as { __xssReport: (k: string, d: string) => void }).__xssReport(
        kind,
        String(detail),
      );
    const trap = (name: 'alert' | 'confirm' | 'prompt' | 'print') => {
      Object.defineProperty(window, name, {
        configurable: false,
        writable: false,
        value: (...args: unknown[]) => {
          report(name, args.join(', '));
          return name === 'confirm' ? false : null;
        },
      });
    };
    trap('alert');
    trap('confirm');
    trap('prompt');
    trap('print');
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get: () => undefined,
      set: (value: unknown) => report('__xss', value),
    });
    document.addEventListener('securitypolicyviolation', (event) => {
      report('csp', `${event.violatedDirective} blocked ${event.blockedURI} ${event.sample}`);
    });
  });
  return w;
}

/** Markup that must never be in the page, found in one pass over the DOM. */
function inspectDom(): Record<string, string[]> {
  const found: Record<string, string[]> = {
    urls: [],
    handlers: [],
    scripts: [],
    embeds: [],
    styles: [],
  };
  const describe = (el: Element) => el.outerHTML.slice(0, 160);
  const URL_ATTRIBUTES = [
    'href',
    'src',
    'action',
    'formaction',
    'data',
    'poster',
    'background',
    'ping',
    'xlink:href',
  ];
  const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
  for (const el of document.querySelectorAll('*')) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.handlers!.push(describe(el));
      if (URL_ATTRIBUTES.includes(name) || name === 'srcdoc') {
        if (name === 'srcdoc') {
          found.urls!.push(describe(el));
          continue;
        }
        let url: URL;
        try {
          url = new URL(attribute.value, document.baseURI);
        } catch {
          continue;
        }
        const sameOrigin = url.origin === location.origin;
        if (!SAFE_PROTOCOLS.has(url.protocol) && !sameOrigin) found.urls!.push(describe(el));
      }
      if (
        name === 'style' &&
        /expression\s*\(|javascript:|vbscript:|url\s*\(/i.test(attribute.value)
      ) {
        found.styles!.push(describe(el));
      }
    }
    const tag = el.tagName.toLowerCase();
    // A new tab opened without noopener could navigate this one (reverse tabnabbing).
    if (
      el.getAttribute('target') === '_blank' &&
      !/noopener|noreferrer/.test(el.getAttribute('rel') ?? '')
    ) {
      found.urls!.push(describe(el));
    }
    if (tag === 'script') {
      const src = el.getAttribute('src');
      const own =
        el.getAttribute('type') === 'module' &&
        src !== null &&
        new URL(src, document.baseURI).origin === location.origin &&
        (el.textContent ?? '').trim() === '';
      if (!own) found.scripts!.push(describe(el));
    }
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base'].includes(tag)) {
      found.embeds!.push(describe(el));
    }
    if (tag === 'meta' && el.hasAttribute('http-equiv')) found.embeds!.push(describe(el));
    if (tag === 'style' && /expression\s*\(|javascript:|alert\(/i.test(el.textContent ?? '')) {
      found.styles!.push(describe(el));
    }
  }
  return found;
}

/** Scrolls to the bottom a screen at a time, so that tiles loading near the viewport load. */
async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // A presented board scrolls inside its dialog.
    const scroller = document.querySelector('dialog[open]') ?? document.documentElement;
    for (let y = 0; y < scroller.scrollHeight; y += window.innerHeight) {
      scroller.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    scroller.scrollTo(0, scroller.scrollHeight);
  });
}

const TERMINAL_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Shows the first chart's tooltip, which names the KPIs of the period under the pointer. */
async function hoverChart(page: Page): Promise<void> {
  const chart = page.locator('.recharts-surface').first();
  if ((await chart.count()) === 0) return;
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (box) await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
}

/** The first line of an assertion's message, without terminal colours. */
const firstLine = (error: unknown) =>
  String((error as Error).message ?? error)
    .replace(TERMINAL_COLOUR, '')
    .split('\n')[0];

// -------------------------------------------------------------------------------------------
// The journey
// -------------------------------------------------------------------------------------------

test('stored hostile text stays text on every page that shows it', async ({ page }) => {
  const origin = process.env.E2E_BASE_URL!;
  const started = Date.now();
  const failures: string[] = [];
  let pages = 0;
  let checks = 0;

  try {
    // People: the account, the signed-in person and two colleagues all carry payloads.
    const owner = await createAccount(P[12]!);
    const people = await Promise.all([
      addUser(owner, P[4]!),
      addUser(owner, P[13]!),
      addUser(owner, P[17]!),
    ]);
    const me = people[0]!;
    const personIds = people.map((p) => p.userId);

    const groups = await inBatches(P.map((p) => () => createGroup(me, p)));

    const now = new Date();
    const months = [month(now, 2).key, month(now, 1).key, month(now).key];
    const kpis: SeededKpi[] = await inBatches(
      P.map((p, i) => () => {
        const short = SHORT_PAYLOADS[i % SHORT_PAYLOADS.length]!;
        return createKpi(me, {
          name: p,
          description: descriptionFor(p, i, personIds),
          richTextDescription: p,
          groups: [0, 1, 2].map((k) => groups[(i + k) % groups.length]!.id),
          ownerIds: [personIds[i % personIds.length]!],
          formatting: { prefix: short, suffix: short, fractionSize: 1 },
        });
      }),
    );

    // Anthologies: every payload in every context, split to stay under 20,000 characters.
    const ANTHOLOGIES = 5;
    const anthologies = await inBatches(
      Array.from({ length: ANTHOLOGIES }, (_, n) => () => {
        const share = P.filter((_, i) => i % ANTHOLOGIES === n);
        const description = share
          .flatMap((p, i) =>
            BLOCK_CONTEXTS.map((context) => context(p)).concat(descriptionFor(p, i, personIds)),
          )
          .join('\n\n')
          .slice(0, 20_000);
        return createKpi(me, {
          name: `Anthology ${n + 1} ${P[n]}`,
          description,
          groups: groups.map((g) => g.id),
          ownerIds: personIds,
          formatting: {
            prefix: SHORT_PAYLOADS[n]!,
            suffix: SHORT_PAYLOADS[n + 1]!,
            fractionSize: 2,
          },
        });
      }),
    );

    // Values, recorded by the colleagues, so history shows their names and lists show prefixes.
    const valued = [...anthologies, ...kpis.slice(0, 12)];
    await inBatches(
      valued.flatMap((kpi, k) =>
        months.map(
          (key, m) => () => recordValue(people[(k + m) % people.length]!, kpi.id, key, 10 + k + m),
        ),
      ),
    );

    // Boards: one per payload (names and labels), and a few with a section and a tile for each.
    await inBatches(
      P.map(
        (p, i) => () =>
          api(me, 'POST', '/v1/dashboards', {
            name: p,
            archived: i % 10 === 9,
            tags: [{ name: `label-${i}`, title: p }],
          }),
      ),
    );
    const SECTION_BOARDS = 4;
    const boards: BoardRead[] = await inBatches(
      Array.from({ length: SECTION_BOARDS }, (_, n) => async () => {
        const share = P.map((p, i) => ({ p, i })).filter(({ i }) => i % SECTION_BOARDS === n);
        const board = await createBoard(me, {
          name: P[n + 30]!,
          tag: `xss-board-${n + 1}`,
          labels: [P[n + 40]!],
          items: share.map(({ p, i }, k) => ({
            // Charts are costly to draw; a few per board show names in legends and tooltips.
            type: k % 5 === 0 ? 'kpi-chart' : 'kpi-number',
            title: p,
            kpiIds: [anthologies[k % ANTHOLOGIES]!.id, kpis[(i * 7) % 12]!.id],
            row: 3 * k + 1,
            col: 0,
            sizeX: 6,
            sizeY: 2,
          })),
        });
        return api<BoardRead>(me, 'PUT', `/v1/dashboards/${board.id}`, {
          name: board.name,
          tag: board.tag,
          insights: board.insights,
          sectionHeaders: share.map(({ p }, k) => ({
            header: p,
            subHeader: `${p} ${p}`,
            row: 3 * k,
            col: 0,
            sizeX: 12,
            sizeY: 1,
          })),
        });
      }),
    );
    // Board items name their KPIs in a text setting; the API keeps paths out of it, so the
    // SPA never reads a KPI at a stored path (the address bar is tried below).
    const refused = await Promise.all(
      PATH_PAYLOADS.map(async (id) => {
        const res = await fetch(`${origin}/results/api/v1/dashboards`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${me.token}`,
            'gtmhub-accountId': me.accountId,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: id,
            insights: [
              {
                type: 'kpi-number',
                settings: [{ name: 'kpiIds', value: id }],
                ...{ row: 0, col: 0, sizeX: 6, sizeY: 2 },
              },
            ],
          }),
        });
        return `${id} ${res.status}`;
      }),
    );
    checks++;
    const stored = refused.filter((answer) => !answer.endsWith(' 400'));
    if (stored.length > 0) failures.push(`board items kept path-like KPI ids: ${stored}`);
    const seededIn = Date.now() - started;

    // ---------------------------------------------------------------------------------------
    const watched = await watch(page, origin);

    /**
     * Opens or changes a page in `ready` and waits for its content, then checks that nothing
     * ran and nothing dangerous was put in the DOM.
     */
    const check = async (label: string, ready: () => Promise<void>) => {
      pages++;
      const fail = (what: string, detail: unknown) =>
        failures.push(`${label}: ${what}: ${JSON.stringify(detail).slice(0, 600)}`);
      checks++;
      try {
        await ready();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      } catch (error) {
        fail('the page did not render as expected', firstLine(error));
      }
      checks++;
      const crashed = page.getByText(/something went wrong|could not be shown/i);
      if ((await crashed.count()) > 0)
        fail('an error boundary caught', await crashed.allInnerTexts());
      const dom = await page.evaluate(inspectDom);
      for (const [kind, found] of Object.entries(dom)) {
        checks++;
        if (found.length > 0) fail(`unsafe ${kind}`, found.slice(0, 3));
      }
      reportEvents(label);
    };
    /** Events since the last report; a late one (an image failing later) counts on the next. */
    const seen = { dialogs: 0, sinks: 0, requests: 0, errors: 0 };
    const reportEvents = (label: string) => {
      for (const kind of ['dialogs', 'sinks', 'requests', 'errors'] as const) {
        checks++;
        const added = watched[kind].slice(seen[kind]);
        seen[kind] = watched[kind].length;
        if (added.length > 0) {
          failures.push(`${label}: ${kind}: ${JSON.stringify(added).slice(0, 600)}`);
        }
      }
    };
    const visible = (text: string | RegExp) => () =>
      expect(page.getByText(text).first()).toBeVisible();
    /**
     * Moves the signed-in app to `url` the way its own links do (history and popstate), which
     * skips reloading the bundle; `page.goto` is kept for addresses typed or followed from
     * outside.
     */
    const navigate = (url: string) =>
      page.evaluate((to) => {
        window.history.pushState(null, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, url);
    const goto = (url: string, ready: () => Promise<void>) => async () => {
      await navigate(url);
      await ready();
    };
    const load = (url: string, ready: () => Promise<void>) => async () => {
      await page.goto(url);
      await ready();
    };
    const q = encodeURIComponent;

    await signIn(page, me);

    // The KPI list: both pages, searches, sorts, periods and the filter menus.
    const names = page.getByRole('table').locator('tbody th[scope="row"]');
    const rows = () => expect(names.first()).toBeVisible();
    await check('KPI list', async () => {
      await rows();
      await expect(page.getByText(`${P[4]} · ${P[12]}`, { exact: false }).first()).toBeVisible();
    });
    for (const url of [
      '/kpis?page=2',
      `/kpis?q=${q('<script')}`,
      `/kpis?q=${q('javascript:')}`,
      `/kpis?q=${q('"><')}&sort=-name`,
      '/kpis?sort=value&period=week',
      '/kpis?sort=-change&period=quarter',
      '/kpis?sort=-dateUpdated&period=year',
      '/kpis?group=mine',
    ]) {
      await check(`KPI list ${url}`, goto(url, rows));
    }
    await navigate('/kpis');
    await check('KPI list, filtered by a payload group', async () => {
      await page
        .getByRole('combobox', { name: 'Group', exact: true })
        .selectOption({ label: P[0]! });
      await expect(page).toHaveURL(new RegExp(`group=${groups[0]!.id}`));
      await rows();
    });
    await check('KPI list, filtered by a payload owner', async () => {
      await page
        .getByRole('combobox', { name: 'Owner', exact: true })
        .selectOption({ label: P[13]! });
      await expect(page).toHaveURL(new RegExp(`owner=${people[1]!.userId}`));
      await rows();
    });
    await check('KPI list, searched by typing', async () => {
      const search = page.getByRole('searchbox', { name: 'Search by name' });
      await search.fill('<img');
      await search.press('Enter');
      await expect(page).toHaveURL(/q=/);
      await rows();
    });

    // KPI details: anthologies and single payloads; the title is the name, as text.
    const detail = async (kpi: SeededKpi, name: string) => {
      await check(`KPI detail ${name.slice(0, 40)}`, async () => {
        await navigate(`/kpis/${kpi.id}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
        await expect(page).toHaveTitle(`${name} · KPI Dashboard`);
        await expect(page.getByRole('list', { name: 'Groups' })).toBeVisible();
        await hoverChart(page);
      });
    };
    for (const [n, kpi] of anthologies.entries()) {
      await detail(kpi, `Anthology ${n + 1} ${P[n]}`);
    }
    await check('KPI detail, the description as text', async () => {
      // Anthology 1 holds every fifth payload, each once as a paragraph of its own.
      await navigate(`/kpis/${anthologies[0]!.id}`);
      for (const i of [0, 5, 10, 20, 30]) {
        await expect(page.locator('p').filter({ hasText: P[i]! }).first()).toBeVisible();
      }
    });
    const payloadWhere = (test: (p: string) => boolean) => P.findIndex(test);
    for (const i of [
      0,
      payloadWhere((p) => p.startsWith('[x](data:')),
      payloadWhere((p) => p.startsWith('@[')),
      P.length - 1,
    ]) {
      await detail(kpis[i]!, P[i]!);
    }

    // The import dialog previews pasted rows and quotes the cells it cannot read.
    await check('CSV import preview', async () => {
      await navigate(`/kpis/${kpis[0]!.id}`);
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const dialog = page.getByRole('dialog', { name: `Import values into ${P[0]}` });
      const cell = (text: string) => `"${text.replaceAll('"', '""')}"`;
      const csv = [
        `${cell(P[12]!)},value`,
        ...P.map((p, i) => `${cell(p)},${cell(P[i + 1] ?? p)}`),
      ];
      await dialog.getByLabel('Or paste CSV text').fill(csv.join('\n'));
      await expect(dialog.getByText(/0 rows ready, \d+ with errors/)).toBeVisible();
    });
    await page.keyboard.press('Escape');

    // The edit form's markdown preview.
    const preview = async (kpi: SeededKpi, label: string) => {
      await check(`KPI edit preview ${label}`, async () => {
        await navigate(`/kpis/${kpi.id}/edit`);
        await page.getByRole('tab', { name: 'Preview' }).click();
        await expect(page.getByRole('tabpanel').filter({ has: page.locator('p') })).toBeVisible();
      });
    };
    for (const [n, kpi] of anthologies.entries()) await preview(kpi, `anthology ${n + 1}`);
    await preview(kpis[62]!, 'mention payload');

    // Groups.
    await check('groups list', goto('/groups', visible(P[0]!)));
    for (const i of [0, 13, 79]) {
      await check(
        `group ${i}`,
        goto(`/groups/${groups[i]!.id}`, () =>
          expect(page.getByRole('heading', { level: 1 })).toHaveText(P[i]!),
        ),
      );
    }

    // Insightboards: the list (labels become sections), a search, the archive, then each board
    // with sections in view, present and edit mode.
    await check('insightboards list', goto('/insightboards', visible(P[30]!)));
    await check(`insightboards ?q=`, goto(`/insightboards?q=${q('<svg')}`, visible(P[6]!)));
    await check('insightboards archive', goto('/insightboards?archived=1', visible(P[9]!)));
    for (const board of boards) {
      await check(`board ${board.tag}`, async () => {
        await navigate(`/insightboards/${board.tag}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(board.name);
        await expect(page).toHaveTitle(`${board.name} · KPI Dashboard`);
        const header = board.sectionHeaders[0]!.sectionHeader.header;
        await expect(page.getByText(header, { exact: true }).first()).toBeVisible();
        await scrollThrough(page);
        await hoverChart(page);
      });
    }
    for (const id of PATH_PAYLOADS) {
      await check(`KPI detail at /kpis/${id}`, goto(`/kpis/${q(id)}`, visible(/not found/i)));
      await check(
        `KPI edit at /kpis/${id}/edit`,
        goto(`/kpis/${q(id)}/edit`, visible(/not found/i)),
      );
      await check(`group at /groups/${id}`, goto(`/groups/${q(id)}`, visible(/not found/i)));
    }
    await check(
      'board presented',
      goto(`/insightboards/${boards[0]!.tag}?present=1`, async () => {
        await visible(P[0]!)();
        await scrollThrough(page);
      }),
    );
    await check('board in edit mode', async () => {
      await navigate(`/insightboards/${boards[1]!.tag}`);
      await page.getByRole('button', { name: 'Edit board' }).first().click();
      await expect(page.getByRole('group', { name: 'Board layout' })).toBeVisible();
      await scrollThrough(page);
    });

    // Addresses that hold payloads: not found, unknown ids.
    const notFound = () => expect(page.getByText('There is no page here')).toBeVisible();
    for (const p of [P[12]!, P[0]!, P[29]!]) {
      await check(`not found /${p.slice(0, 30)}`, goto(`/${q(p)}`, notFound));
      await check(`not found raw /${p.slice(0, 30)}`, load(`/x/${p}`, notFound));
    }
    await check('unknown KPI id', goto(`/kpis/${q(P[12]!)}`, visible(/not found|no KPI/i)));
    await check('unknown group id', goto(`/groups/${q(P[4]!)}`, visible(/not found|no group/i)));
    await check('unknown board tag', goto(`/insightboards/${q(P[0]!)}`, visible(/not found/i)));
    await check(
      `KPI list ?q= and ?tz= payloads`,
      load(`/kpis?q=${q(P[0]!)}&tz=${q(P[6]!)}&group=${q(P[12]!)}`, rows),
    );

    // Sign-in links carrying payloads; last, since a link replaces the session.
    await check(
      'sign-in with payloads in the query',
      load(
        `/sign-in?next=${q('javascript:alert(90)')}&x=${q(P[0]!)}#token=${me.token}&accountId=${me.accountId}`,
        rows,
      ),
    );
    await check(
      'sign-in with payloads in the fragment',
      load(
        `/sign-in#token=${q(P[0]!)}&accountId=${q(P[12]!)}&apiBase=${q('javascript:alert(91)//')}`,
        async () => {
          await expect(page).toHaveURL(/\/kpis/);
          // The sign-in form takes only http(s) URLs and paths; a link may not do more.
          const stored = await page.evaluate(() => localStorage.getItem('kpi-dashboard.session'));
          expect(stored ?? '').not.toMatch(/javascript:/i);
        },
      ),
    );
    await check('sign-in screen after a refused link', async () => {
      await page.evaluate(() => localStorage.clear());
      await page.goto(`/kpis?q=${q(P[13]!)}#${q(P[0]!)}`);
      await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
    });

    // Anything that fires after the last page has had time to.
    await page.waitForTimeout(500);
    reportEvents('after the last page');

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `xss: seeded in ${(seededIn / 1000).toFixed(1)} s, ${watched.csp.length} CSP violations blocked, ${seconds} s in all`,
    );
    // Blocked attempts are fine but worth seeing; the same one repeats on every page load.
    const blocked = new Map<string, number>();
    for (const line of watched.csp) blocked.set(line, (blocked.get(line) ?? 0) + 1);
    for (const [line, count] of blocked) console.log(`  CSP (${count}×): ${line.slice(0, 240)}`);
  } catch (error) {
    failures.push(`the journey stopped: ${firstLine(error)}`);
    throw error;
  } finally {
    console.log(
      `xss: ${P.length} payloads, ${pages} pages, ${checks} checks, ${failures.length} failures`,
    );
    for (const failure of failures) console.log(`  ${failure}`);
    if (process.env.RELIABILITY_SUMMARY) {
      reportSuite({
        suite: 'stored XSS',
        tried: checks,
        failures: failures.length,
        figures: { payloads: P.length, pages },
      });
    }
  }
  expect(failures).toEqual([]);
});
