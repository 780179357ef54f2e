// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  Dashboard,
  DashboardItemInput,
  SectionHeaderInput,
} from '../../../../contract/dashboards.ts';
import { periodOfInstant, shiftPeriod, UTC } from '../../../../contract/periods.ts';
import { BOARD_ID, hexId, page, testBoard, testKpi } from '../../../testing/builders.ts';
import { fakeApi, problem, type ApiAnswer, type ApiCall } from '../../../testing/fake-api.ts';
import { polyfillDialog } from '../../../testing/render.tsx';
import {
  renderBoardPage,
  snapshotGroup,
  testHeader,
  testItem,
} from '../components/board/testing.tsx';

const MRR = hexId(1);
const CHURN = hexId(2);
const HEADER = hexId(10);
const MRR_TILE = hexId(11);
const CHURN_TILE = hexId(12);
const OKR_TILE = hexId(13);
const CHART = hexId(14);

const kpis = {
  [MRR]: testKpi({ id: MRR, name: 'Monthly recurring revenue' }),
  [CHURN]: testKpi({
    id: CHURN,
    name: 'Logo churn',
    targetOperator: 'should_decrease',
    formatting: { prefix: '', suffix: '%', fractionSize: 1 },
  }),
};

const settings = (ids: string[], groupBy = 'week', range = 'last-12-weeks') => [
  { name: 'kpiIds', value: ids.join(',') },
  { name: 'groupBy', value: groupBy },
  { name: 'range', value: range },
];

function board(): Dashboard {
  return testBoard({
    tags: [
      {
        id: hexId(30),
        name: 'leadership',
        title: 'Leadership',
        isActive: true,
        createdBy: hexId(31),
        dateCreated: '2024-01-01T00:00:00.000Z',
        items: [],
      },
    ],
    sectionHeaders: [testHeader(HEADER, 'Revenue', 'Money in and out', 0)],
    insights: [
      testItem(
        CHURN_TILE,
        { row: 1, col: 3, sizeX: 3, sizeY: 2 },
        { insightTitle: 'Churn', settings: settings([CHURN]) },
      ),
      testItem(
        MRR_TILE,
        { row: 1, col: 0, sizeX: 3, sizeY: 2 },
        { insightTitle: 'MRR', settings: settings([MRR]) },
      ),
      testItem(
        OKR_TILE,
        { row: 1, col: 6, sizeX: 6, sizeY: 2 },
        { type: 'okr-progress', insightTitle: 'Goals' },
      ),
      testItem(
        CHART,
        { row: 3, col: 0, sizeX: 12, sizeY: 4 },
        { type: 'kpi-chart', insightTitle: 'Revenue and churn', settings: settings([MRR, CHURN]) },
      ),
    ],
  });
}

const thisWeek = periodOfInstant(Date.now(), 'week', UTC);
const lastWeek = shiftPeriod(thisWeek, -1, UTC);
const weekly = {
  [MRR]: [
    snapshotGroup(lastWeek.key, lastWeek.start, 100),
    snapshotGroup(thisWeek.key, thisWeek.start, 120),
  ],
  [CHURN]: [
    snapshotGroup(lastWeek.key, lastWeek.start, 2),
    snapshotGroup(thisWeek.key, thisWeek.start, 2.5),
  ],
};

/** The board as a server would store it after a PUT with `body`. */
function saved(
  previous: Dashboard,
  body: { insights: DashboardItemInput[]; sectionHeaders: SectionHeaderInput[] },
): Dashboard {
  let next = 100;
  return {
    ...previous,
    insights: body.insights.map((item) =>
      testItem(
        item.id ?? hexId(next++),
        { row: item.row, col: item.col, sizeX: item.sizeX, sizeY: item.sizeY },
        { type: item.type, insightTitle: item.insightTitle ?? '', settings: item.settings },
      ),
    ),
    sectionHeaders: body.sectionHeaders.map((h) => ({
      ...testHeader(h.id ?? hexId(next++), h.header, h.subHeader, h.row),
      col: h.col,
      sizeX: h.sizeX,
      sizeY: h.sizeY,
    })),
  };
}

/** A small API: the board, its KPIs, their weekly values, and saving the board. */
function api(overrides: (call: ApiCall) => ApiAnswer | null = () => null) {
  let current = board();
  return fakeApi((call) => {
    const answer = overrides(call);
    if (answer !== null) return answer;
    if (call.method === 'GET' && call.path.endsWith('/dashboards/tag/exec'))
      return { body: current };
    if (call.method === 'PUT' && call.path.endsWith(`/dashboards/${BOARD_ID}`)) {
      current = saved(current, call.body as never);
      return { body: current };
    }
    const kpi = /\/kpis\/([0-9a-f]{24})$/.exec(call.path);
    if (call.method === 'GET' && kpi) {
      const found = kpis[kpi[1]!];
      return found ? { body: found } : undefined;
    }
    if (call.path.endsWith('/kpi-snapshots')) {
      const ids = call.query.get('ids')!.split(',');
      return { body: Object.fromEntries(ids.map((id) => [id, weekly[id] ?? []])) };
    }
    if (call.method === 'GET' && call.path.endsWith('/kpis')) {
      const items = Object.values(kpis).map((k) => ({
        id: k.id,
        accountId: k.accountId,
        name: k.name,
      }));
      return { body: page(items) };
    }
    return undefined;
  });
}

const ROUTE = '/insightboards/exec?tz=UTC';
const liveRegion = () => document.querySelector('[role="status"][aria-live="polite"]')!;

beforeEach(() => polyfillDialog());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('viewing a board', () => {
  it('shows its name, labels, section headers and items, in reading order', async () => {
    api();
    renderBoardPage(ROUTE);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Executive overview' }),
    ).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Labels' }).textContent).toContain('Leadership');
    expect(screen.getByRole('heading', { level: 2, name: 'Revenue' })).toBeTruthy();
    expect(screen.getByText('Money in and out')).toBeTruthy();
    const titles = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(titles).toEqual(['MRR', 'Churn', 'Goals', 'Revenue and churn']);
  });

  it('shows a number tile: value for the period, change coloured by direction, trend', async () => {
    api();
    renderBoardPage(ROUTE);
    expect(await screen.findByText('$120')).toBeTruthy();
    const mrr = screen.getByText('$120').closest('div')!;
    expect(mrr.textContent).toContain(thisWeek.key.replace(/^(\d{4})-W0?(\d+)$/, 'W$2 $1'));
    expect(mrr.textContent).toContain('+$20 (+20.0%)');
    expect(mrr.textContent).toContain('(better)');
    const churn = (await screen.findByText('2.5%')).closest('div')!;
    // Churn going up is bad news.
    expect(churn.textContent).toContain('(worse)');
    expect(within(mrr).getByRole('img').getAttribute('aria-label')).toMatch(
      /^Monthly recurring revenue by week/,
    );
  });

  it('shows a neutral tile for item types it does not draw', async () => {
    api();
    renderBoardPage(ROUTE);
    expect(await screen.findByText(/This item type is not supported here/)).toBeTruthy();
  });

  it('names its charts in words', async () => {
    api();
    renderBoardPage(ROUTE);
    // The chart module loads on demand, which takes a moment the first time.
    const chart = await screen.findByRole(
      'img',
      { name: /^Revenue and churn: chart by week/ },
      { timeout: 5000 },
    );
    expect(chart.getAttribute('aria-label')).toContain(
      'Monthly recurring revenue: 2 values, latest $120',
    );
    expect(chart.getAttribute('aria-label')).toContain('Logo churn: 2 values, latest 2.5%');
  });

  it('keeps a failing item to itself and retries it', async () => {
    let failChurn = true;
    api((call) => {
      if (call.path.endsWith('/kpi-snapshots') && call.query.get('ids') === CHURN && failChurn)
        return problem(500, 'Boom');
      return null;
    });
    renderBoardPage(ROUTE);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Churn could not be loaded');
    expect(screen.getByText('$120')).toBeTruthy();
    failChurn = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('2.5%')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reads an item only once it comes near the viewport', async () => {
    const observers: { callback: IntersectionObserverCallback; elements: Element[] }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        elements: Element[] = [];
        constructor(callback: IntersectionObserverCallback) {
          observers.push({ callback, elements: this.elements });
        }
        observe(element: Element) {
          this.elements.push(element);
        }
        disconnect() {}
        unobserve() {}
        takeRecords() {
          return [];
        }
      },
    );
    const calls = api();
    renderBoardPage(ROUTE);
    await screen.findByRole('heading', { level: 1 });
    expect(observers.length).toBe(4);
    expect(calls.some((c) => c.path.endsWith('/kpi-snapshots'))).toBe(false);
    const first = observers[0]!;
    act(() =>
      first.callback(
        [
          {
            isIntersecting: true,
            target: first.elements[0]!,
          } as unknown as IntersectionObserverEntry,
        ],
        {} as IntersectionObserver,
      ),
    );
    expect(await screen.findByText('$120')).toBeTruthy();
    const reads = calls.filter((c) => c.path.endsWith('/kpi-snapshots'));
    expect(reads.map((c) => c.query.get('ids'))).toEqual([MRR]);
  });

  it('invites to edit an empty board', async () => {
    api((call) => (call.path.endsWith('/dashboards/tag/exec') ? { body: testBoard() } : null));
    renderBoardPage(ROUTE);
    expect(await screen.findByText('This board has no items yet — Edit to add some')).toBeTruthy();
  });

  it('says when the board does not exist, with a way back to the list', async () => {
    api((call) => (call.path.includes('/dashboards/tag/') ? undefined : null));
    renderBoardPage(ROUTE);
    expect(await screen.findByRole('heading', { name: 'Insightboard not found' })).toBeTruthy();
    const heading = screen.getByRole('heading', { name: 'Insightboard not found' });
    const back = within(heading.parentElement!).getByRole('link', { name: 'All insightboards' });
    expect(back.getAttribute('href')).toBe('/insightboards');
  });

  it('offers a retry when the board cannot be read', async () => {
    let fail = true;
    api((call) =>
      call.path.endsWith('/dashboards/tag/exec') && fail ? problem(500, 'Boom') : null,
    );
    renderBoardPage(ROUTE);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The insightboard could not be loaded');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Executive overview' }),
    ).toBeTruthy();
  });
});

describe('editing a board', () => {
  async function startEditing() {
    const calls = api();
    const view = renderBoardPage(ROUTE);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit board' }));
    return { calls, ...view };
  }

  const block = (name: RegExp) => screen.getByRole('group', { name });

  it('moves a block with the arrow keys, pushes what is in the way, and says so', async () => {
    await startEditing();
    const mrr = block(/^“MRR”, number tile/);
    mrr.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(liveRegion().textContent).toBe(
      '“MRR” moved to columns 2–4, rows 2–3; 2 other blocks moved down',
    );
    expect(document.activeElement?.getAttribute('aria-label')).toBe(
      '“MRR”, number tile, columns 2–4, rows 2–3',
    );
    expect(block(/^“Churn”/).getAttribute('aria-label')).toContain('rows 4–5');
    await userEvent.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(liveRegion().textContent).toMatch(
      /^“MRR” resized to 3 columns by 3 rows, columns 2–4, rows 2–4/,
    );
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(liveRegion().textContent).toBe('“MRR”: Already at the top');
  });

  it('saves the layout with one PUT and shows the board again', async () => {
    const { calls } = await startEditing();
    block(/^“MRR”/).focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Layout saved')).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe(`/dashboards/${BOARD_ID}`);
    const body = put.body as {
      name: string;
      insights: DashboardItemInput[];
      sectionHeaders: unknown[];
    };
    expect(body.name).toBe('Executive overview');
    expect(body.insights.find((i) => i.id === MRR_TILE)).toMatchObject({ row: 7, col: 0 });
    expect(body.insights.find((i) => i.id === OKR_TILE)).toMatchObject({
      type: 'okr-progress',
      row: 1,
      col: 6,
    });
    expect(body.sectionHeaders).toEqual([
      {
        id: HEADER,
        header: 'Revenue',
        subHeader: 'Money in and out',
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 1,
      },
    ]);
    expect(screen.getByRole('button', { name: 'Edit board' })).toBeTruthy();
  });

  it('throws the changes away on Cancel', async () => {
    const { calls } = await startEditing();
    await userEvent.click(
      within(block(/^Section “Revenue”/)).getByRole('button', { name: /^Remove/ }),
    );
    expect(screen.queryByRole('group', { name: /^Section “Revenue”/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Revenue' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Edit board' }));
    expect(block(/^Section “Revenue”/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('adds an item picked from the KPI list, and sends it without an id', async () => {
    const { calls } = await startEditing();
    await userEvent.click(screen.getByRole('button', { name: 'Add item' }));
    const dialog = screen.getByRole('dialog', { name: 'Add an item' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add item' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Pick a KPI');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Chart' }));
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'Logo churn' }));
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Monthly recurring revenue' }),
    );
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Title' }), 'Both');
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Range' }), 'all');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add item' }));

    expect(liveRegion().textContent).toBe('“Both” added at columns 1–6, rows 8–11');
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('aria-label')).toBe(
        '“Both”, chart, columns 1–6, rows 8–11',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Layout saved');
    const body = calls.find((c) => c.method === 'PUT')!.body as { insights: DashboardItemInput[] };
    const added = body.insights.find((i) => i.insightTitle === 'Both')!;
    expect(added.id).toBeUndefined();
    expect(added).toMatchObject({ type: 'kpi-chart', row: 7, col: 0, sizeX: 6, sizeY: 4 });
    expect(added.settings).toEqual(settings([CHURN, MRR], 'week', 'all'));
  });

  it('adds and edits section headers', async () => {
    const { calls } = await startEditing();
    await userEvent.click(screen.getByRole('button', { name: 'Add section header' }));
    let dialog = screen.getByRole('dialog', { name: 'Add a section header' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add header' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Give the section a title');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Title' }), 'Customers');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add header' }));

    await userEvent.click(
      within(block(/^Section “Revenue”/)).getByRole('button', { name: /^Edit/ }),
    );
    dialog = screen.getByRole('dialog', { name: 'Edit section header' });
    const subtitle = within(dialog).getByRole('textbox', { name: 'Subtitle' });
    await userEvent.clear(subtitle);
    await userEvent.type(subtitle, 'Only money in');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Layout saved');
    const body = calls.find((c) => c.method === 'PUT')!.body as { sectionHeaders: unknown[] };
    expect(body.sectionHeaders).toEqual([
      {
        id: HEADER,
        header: 'Revenue',
        subHeader: 'Only money in',
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 1,
      },
      { header: 'Customers', subHeader: '', row: 7, col: 0, sizeX: 12, sizeY: 1 },
    ]);
    expect(screen.getByRole('heading', { level: 2, name: 'Customers' })).toBeTruthy();
  });

  it('tells which block a refused save is about', async () => {
    const calls = api((call) =>
      call.method === 'PUT'
        ? problem(400, 'The request is invalid', [
            { path: 'body.insights[0].settings', message: 'names an unknown KPI' },
          ])
        : null,
    );
    renderBoardPage(ROUTE);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit board' }));
    block(/^“Churn”/).focus();
    await userEvent.keyboard('{Delete}');
    expect(liveRegion().textContent).toBe('“Churn” removed. Cancel brings it back.');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(/The layout could not be saved/);
    expect(alert.closest('[role="alert"]')!.textContent).toContain(
      '“MRR” (settings): names an unknown KPI',
    );
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('asks before leaving with unsaved changes', async () => {
    const { router } = await startEditing();
    block(/^“MRR”/).focus();
    await userEvent.keyboard('{ArrowDown}');
    await act(() => router.navigate('/kpis'));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(router.state.location.pathname).toBe('/insightboards/exec');
    await act(() => router.navigate('/kpis'));
    await userEvent.click(
      within(await screen.findByRole('dialog', { name: 'Leave without saving?' })).getByRole(
        'button',
        { name: 'Leave' },
      ),
    );
    expect(await screen.findByRole('heading', { name: 'KPI list' })).toBeTruthy();
  });

  it('asks the browser to confirm a reload only while there are changes', async () => {
    await startEditing();
    const reload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(reload()).toBe(false);
    block(/^“MRR”/).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(reload()).toBe(true);
  });
});

describe('presenting a board', () => {
  it('opens over the page from the URL, refreshes, and leaves on Escape', async () => {
    api();
    const { router } = renderBoardPage(`${ROUTE}&present=1`);
    const dialog = await screen.findByRole('dialog', { name: 'Executive overview' });
    expect(within(dialog).queryByRole('button', { name: /Edit/ })).toBeNull();
    expect(await within(dialog).findByText(/^Updated \d\d:\d\d$/)).toBeTruthy();
    expect(await within(dialog).findByText('$120')).toBeTruthy();
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(router.state.location.search).toBe('?tz=UTC'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('puts the presentation in the URL from the Present button', async () => {
    api();
    const { router } = renderBoardPage(ROUTE);
    await userEvent.click(await screen.findByRole('button', { name: 'Present' }));
    expect(router.state.location.search).toBe('?tz=UTC&present=1');
    const dialog = screen.getByRole('dialog', { name: 'Executive overview' });
    await userEvent.click(within(dialog).getByRole('button', { name: /Exit presentation/ }));
    expect(router.state.location.search).toBe('?tz=UTC');
  });
});
