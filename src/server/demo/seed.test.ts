import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../contract/dashboards.ts';
import type { KpiGroup } from '../../contract/kpi-groups.ts';
import type { Kpi, Snapshot, SnapshotGroup } from '../../contract/kpis.ts';
import type { User } from '../../contract/users.ts';
import { UTC, localDate, periodFromKey, periodOfInstant } from '../../contract/periods.ts';
import { createHarness, type Harness, type TestUser } from '../testing/harness.ts';
import { DEMO_ACCOUNT, DEMO_EMAIL, seedDemo, seededRandom } from './seed.ts';

/** A Wednesday afternoon, so the current week and month are both under way. */
const NOW = Date.UTC(2025, 2, 12, 15, 30);
const DAY_MS = 86_400_000;

async function json<T>(harness: Harness, user: TestUser, path: string): Promise<T> {
  const response = await harness.request(user, 'GET', path);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

interface Placement {
  row: number;
  col: number;
  sizeX: number;
  sizeY: number;
}

const overlaps = (a: Placement, b: Placement) =>
  a.col < b.col + b.sizeX &&
  b.col < a.col + a.sizeX &&
  a.row < b.row + b.sizeY &&
  b.row < a.row + a.sizeY;

/** Items and headers sit on the 12-column grid, in the expected sizes, without overlapping. */
function expectTidyLayout(board: Dashboard, kpiIds: Set<string>): void {
  const placements: Placement[] = [...board.insights, ...board.sectionHeaders];
  for (const p of placements) {
    expect(p.col + p.sizeX, board.name).toBeLessThanOrEqual(12);
    expect(p.col).toBeGreaterThanOrEqual(0);
  }
  for (let i = 0; i < placements.length; i++) {
    for (let j = i + 1; j < placements.length; j++) {
      expect(overlaps(placements[i]!, placements[j]!), `${board.name}: ${i} and ${j} overlap`).toBe(
        false,
      );
    }
  }
  for (const header of board.sectionHeaders) {
    expect(header).toMatchObject({ col: 0, sizeX: 12, sizeY: 1 });
    expect(header.sectionHeader.header).not.toBe('');
  }
  // The first thing on a board is a header.
  const firstRow = Math.min(...placements.map((p) => p.row));
  expect(board.sectionHeaders.some((h) => h.row === firstRow)).toBe(true);
  for (const item of board.insights) {
    expect(['kpi-number', 'kpi-chart']).toContain(item.type);
    const size = `${item.sizeX}x${item.sizeY}`;
    expect(item.type === 'kpi-number' ? ['3x2'] : ['6x4', '12x4']).toContain(size);
    expect(item.insightTitle).not.toBe('');
    const settings = new Map(item.settings.map((s) => [s.name, s.value]));
    const ids = settings.get('kpiIds')?.split(',') ?? [];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(kpiIds.has(id)).toBe(true);
    expect(settings.get('groupBy')).toMatch(/^(week|month)$/);
    expect(settings.get('range')).toMatch(/^last-12-(weeks|months)$/);
  }
}

/** Every snapshot of a KPI, oldest first. */
async function history(harness: Harness, user: TestUser, kpiId: string): Promise<Snapshot[]> {
  const page = await json<{ items: Snapshot[]; totalCount: number }>(
    harness,
    user,
    `/kpis/${kpiId}/snapshots?take=1000`,
  );
  expect(page.items.length).toBe(page.totalCount);
  return page.items.reverse();
}

describe('seedDemo', () => {
  let harness: Harness;
  let demo: TestUser;
  let seedMs: number;
  let kpis: Kpi[];
  const byName = (name: string) => {
    const kpi = kpis.find((k) => k.name === name);
    expect(kpi, name).toBeDefined();
    return kpi!;
  };

  beforeAll(async () => {
    harness = createHarness();
    const started = performance.now();
    demo = await seedDemo(harness.db, harness.repos, { now: NOW });
    seedMs = performance.now() - started;
    kpis = (await json<{ items: Kpi[] }>(harness, demo, '/kpis?take=1000')).items;
  });

  afterAll(() => harness.close());

  it('is quick', () => {
    expect(seedMs).toBeLessThan(5000);
  });

  it('signs in as Dana Whitfield in the Demo account with four colleagues', async () => {
    const me = await json<{ user: User; account: { id: string; name: string } }>(
      harness,
      demo,
      '/users/me',
    );
    expect(me.user).toMatchObject({ id: demo.userId, name: 'Dana Whitfield', email: DEMO_EMAIL });
    expect(me.account).toEqual({ id: demo.accountId, name: DEMO_ACCOUNT });
    const users = await json<{ items: User[] }>(harness, demo, '/users');
    expect(users.items).toHaveLength(5);
    expect(new Set(users.items.map((u) => u.email)).size).toBe(5);
    // Only the demo user holds a usable token.
    const listed = await harness.repos.accounts.listUsers();
    expect(listed.filter((u) => u.tokens > 0).map((u) => u.email)).toEqual([DEMO_EMAIL]);
  });

  it('has about 25 KPIs with a realistic mix of settings', async () => {
    expect(kpis.length).toBeGreaterThanOrEqual(22);
    expect(kpis.length).toBeLessThanOrEqual(30);
    expect(new Set(kpis.map((k) => k.name)).size).toBe(kpis.length);

    const ungrouped = kpis.filter((k) => k.groups.length === 0);
    expect(ungrouped.length).toBeGreaterThanOrEqual(1);
    expect(ungrouped.length).toBeLessThanOrEqual(2);
    expect(kpis.filter((k) => k.groups.length === 2).length).toBeGreaterThanOrEqual(2);

    const aggregations = new Set(kpis.map((k) => k.aggregation));
    for (const a of ['last', 'sum', 'average']) expect(aggregations).toContain(a);
    expect(aggregations.has('min') || aggregations.has('max')).toBe(true);
    const operators = kpis.map((k) => k.targetOperator);
    expect(operators.filter((o) => o === 'should_decrease').length).toBeGreaterThanOrEqual(3);
    expect(operators.filter((o) => o === 'should_increase').length).toBeGreaterThanOrEqual(10);

    const formats = kpis.map((k) => k.formatting);
    expect(formats.some((f) => f.prefix === '$' && f.fractionSize === 0)).toBe(true);
    expect(formats.some((f) => f.prefix === '$' && f.fractionSize === 2)).toBe(true);
    expect(formats.some((f) => f.suffix === '%' && f.fractionSize === 1)).toBe(true);
    expect(formats.some((f) => f.prefix === '' && f.suffix === '' && f.fractionSize === 0)).toBe(
      true,
    );
    expect(formats.some((f) => f.suffix === 'ms' || f.suffix === 'h')).toBe(true);

    const users = (await json<{ items: User[] }>(harness, demo, '/users')).items;
    for (const user of users) {
      expect(
        kpis.some((k) => k.ownerIds.includes(user.id)),
        user.name,
      ).toBe(true);
    }
    expect(kpis.filter((k) => k.isOwner).length).toBeGreaterThanOrEqual(4);
    expect(kpis.filter((k) => k.ownerIds.length === 2).length).toBeGreaterThanOrEqual(3);

    for (const kpi of kpis) expect(kpi.description.length, kpi.name).toBeGreaterThan(20);
    expect(kpis.some((k) => /\*\*|^- /m.test(k.description))).toBe(true);
    const mentioned = kpis.flatMap((k) => [
      ...k.description.matchAll(/@\[([^:\]]+):([^:\]]+):([0-9a-f]{24})\]/g),
    ]);
    expect(mentioned.length).toBeGreaterThan(0);
    for (const [, name, email, id] of mentioned) {
      expect(users).toContainEqual({ id, name, email });
    }
  });

  it('has five groups, two of them favorites, and My KPIs as a favorite', async () => {
    const groups = (await json<{ items: KpiGroup[] }>(harness, demo, '/kpis/groups')).items;
    expect(groups.map((g) => g.name).sort()).toEqual([
      'Customer Success',
      'Finance',
      'Marketing',
      'Product',
      'Sales',
    ]);
    for (const group of groups) expect(group.kpisCount, group.name).toBeGreaterThanOrEqual(3);
    expect(groups.filter((g) => g.favorite)).toHaveLength(2);
    const virtual = await json<{ items: { virtualGroup: string; favorite: boolean }[] }>(
      harness,
      demo,
      '/users/kpi-virtual-group/favorite',
    );
    expect(virtual.items).toContainEqual({ virtualGroup: 'mykpis', favorite: true });
    expect(virtual.items).toContainEqual({ virtualGroup: 'ungrouped', favorite: false });
  });

  it('has three tagged insightboards and reports with tidy layouts', async () => {
    const kpiIds = new Set(kpis.map((k) => k.id));
    const boards = (await json<{ items: Dashboard[] }>(harness, demo, '/dashboards?take=100'))
      .items;
    const custom = boards.filter((b) => !b.isReport);
    expect(custom.map((b) => b.name).sort()).toEqual([
      'Executive overview',
      'Sales pipeline',
      'Support health',
    ]);
    for (const board of custom) {
      expect(board.tags.length, board.name).toBeGreaterThanOrEqual(1);
      expect(board.insights.filter((i) => i.type === 'kpi-number').length).toBeGreaterThanOrEqual(
        4,
      );
      expect(board.insights.filter((i) => i.type === 'kpi-chart').length).toBeGreaterThanOrEqual(2);
      expect(board.sectionHeaders.length).toBeGreaterThanOrEqual(2);
      expectTidyLayout(board, kpiIds);
    }
    const usages = await json<{ items: { tagName: string; dashboardsCount: number }[] }>(
      harness,
      demo,
      '/dashboards/tags/usages',
    );
    expect(usages.items.some((u) => u.dashboardsCount >= 2)).toBe(true);

    const reports = await json<{ id: string; name: string }[]>(
      harness,
      demo,
      '/dashboards/reports',
    );
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      const board = await json<Dashboard>(harness, demo, `/dashboards/${report.id}`);
      expect(board.isReport).toBe(true);
      expect(board.insights.length, report.name).toBeGreaterThanOrEqual(3);
      expect(board.sectionHeaders.length).toBeGreaterThanOrEqual(1);
      expectTidyLayout(board, kpiIds);
    }
  });

  it('records two years of daily history up to now', async () => {
    const dau = byName('Daily active users');
    const months = (
      await json<Record<string, SnapshotGroup[]>>(
        harness,
        demo,
        `/kpi-snapshots?ids=${dau.id}&groupBy=month`,
      )
    )[dau.id]!;
    expect(months.length).toBeGreaterThanOrEqual(24);
    expect(months.length).toBeLessThanOrEqual(25);
    expect(months.at(-1)!.group).toBe(periodOfInstant(NOW, 'month', UTC).key);
    expect(Date.parse(months[0]!.start)).toBeLessThanOrEqual(NOW - 729 * DAY_MS);

    const days = (
      await json<Record<string, SnapshotGroup[]>>(
        harness,
        demo,
        `/kpi-snapshots?ids=${dau.id}&groupBy=day`,
      )
    )[dau.id]!;
    expect(days.length).toBeGreaterThanOrEqual(730);
    expect(days.length).toBeLessThanOrEqual(732);
    expect(days.at(-1)!.group).toBe(localDate(NOW, UTC));
    expect(days.every((d) => d.count === 1)).toBe(true);

    // Weekly seasonality: weekends are quieter than weekdays.
    const weekday = (g: SnapshotGroup) => new Date(g.start).getUTCDay();
    const mean = (list: SnapshotGroup[]) => list.reduce((s, g) => s + g.value, 0) / list.length;
    const weekends = days.filter((d) => weekday(d) === 0 || weekday(d) === 6);
    const weekdays = days.filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
    expect(mean(weekends)).toBeLessThan(mean(weekdays) * 0.85);
    // Growth: the last quarter is well above the first.
    expect(mean(days.slice(-90))).toBeGreaterThan(mean(days.slice(0, 90)) * 1.2);
  });

  it('records weekly and monthly KPIs under week and month keys', async () => {
    const weekly = await history(harness, demo, byName('Qualified pipeline').id);
    expect(weekly.length).toBeGreaterThanOrEqual(104);
    expect(weekly.length).toBeLessThanOrEqual(106);
    expect(weekly.every((s) => /^\d{4}-W\d{2}$/.test(s.group))).toBe(true);
    expect(weekly.at(-1)!.group).toBe(periodOfInstant(NOW, 'week', UTC).key);

    const monthly = await history(harness, demo, byName('Monthly recurring revenue').id);
    expect(monthly).toHaveLength(24);
    expect(monthly.every((s) => /^\d{4}-\d{2}$/.test(s.group))).toBe(true);
    expect(monthly.at(-1)!.value).toBeGreaterThan(monthly[0]!.value * 1.2);

    const response = await history(harness, demo, byName('First response time').id);
    expect(response.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.group))).toBe(true);
  });

  it('keeps every value plausible for its formatting', async () => {
    for (const kpi of kpis) {
      const snapshots = await history(harness, demo, kpi.id);
      expect(snapshots.length, kpi.name).toBeGreaterThanOrEqual(24);
      const { prefix, suffix, fractionSize } = kpi.formatting;
      const scale = 10 ** fractionSize;
      for (const s of snapshots) {
        const where = `${kpi.name} ${s.group}`;
        expect(Number.isFinite(s.value), where).toBe(true);
        expect(Math.abs(s.value * scale - Math.round(s.value * scale)), where).toBeLessThan(1e-6);
        expect(s.timeZone).toBe('UTC');
        expect(s.date).toBe(new Date(periodFromKey(s.group, UTC)!.start).toISOString());
        expect(Date.parse(s.date)).toBeLessThanOrEqual(NOW);
        if (suffix === '%') {
          expect(s.value, where).toBeGreaterThanOrEqual(0);
          expect(s.value, where).toBeLessThanOrEqual(100);
        } else if (kpi.name === 'Net Promoter Score') {
          expect(Math.abs(s.value), where).toBeLessThanOrEqual(100);
        } else {
          expect(s.value, where).toBeGreaterThanOrEqual(0);
        }
        if (prefix === '$') expect(s.value, where).toBeGreaterThan(0);
      }
    }
  });

  it('projects about half of the KPIs a few months ahead', async () => {
    const projected = kpis.filter((k) => k.projections.length > 0);
    expect(projected.length).toBeGreaterThanOrEqual(Math.floor(kpis.length * 0.35));
    expect(projected.length).toBeLessThanOrEqual(Math.ceil(kpis.length * 0.65));
    const today = localDate(NOW, UTC);
    for (const kpi of projected) {
      expect(kpi.projections.length).toBeGreaterThanOrEqual(3);
      expect(kpi.projections.length).toBeLessThanOrEqual(6);
      const dates = kpi.projections.map((p) => p.date);
      expect(dates).toEqual([...dates].sort());
      for (const p of kpi.projections) {
        expect(p.date > today, `${kpi.name} ${p.date}`).toBe(true);
        expect(p.date).toMatch(/^\d{4}-\d{2}-01$/);
        if (kpi.formatting.suffix === '%') expect(p.value).toBeLessThanOrEqual(100);
        expect(p.value).toBeGreaterThan(0);
      }
    }
    // The trend continues: MRR keeps growing beyond its latest value.
    const mrr = byName('Monthly recurring revenue');
    const latest = (await history(harness, demo, mrr.id)).at(-1)!.value;
    expect(mrr.projections.at(-1)!.value).toBeGreaterThan(latest);
  });

  it('refuses to seed a database that already has the demo', async () => {
    await expect(seedDemo(harness.db, harness.repos, { now: NOW })).rejects.toThrow(/demo/);
    const after = await json<{ totalCount: number }>(harness, demo, '/kpis?take=0');
    expect(after.totalCount).toBe(kpis.length);
  });
});

describe('seedDemo reproducibility', () => {
  /** Every KPI's daily values and projections, by KPI name. */
  async function fingerprint(harness: Harness, user: TestUser): Promise<Record<string, unknown>> {
    const kpis = (await json<{ items: Kpi[] }>(harness, user, '/kpis?take=1000')).items;
    const ids = kpis.map((k) => k.id).join(',');
    const days = await json<Record<string, SnapshotGroup[]>>(
      harness,
      user,
      `/kpi-snapshots?ids=${ids}&groupBy=day`,
    );
    return Object.fromEntries(
      kpis.map((k) => [
        k.name,
        {
          values: days[k.id]!.map((d) => [d.group, d.value]),
          projections: k.projections.map((p) => [p.date, p.value]),
        },
      ]),
    );
  }

  it('gives the same values for the same now and seed, and others for another seed', async () => {
    const harnesses = [createHarness(), createHarness(), createHarness()] as const;
    try {
      const [a, b, c] = harnesses;
      const userA = await seedDemo(a.db, a.repos, { now: NOW });
      const userB = await seedDemo(b.db, b.repos, { now: NOW });
      const userC = await seedDemo(c.db, c.repos, { now: NOW, random: seededRandom(7) });
      const first = await fingerprint(a, userA);
      expect(Object.keys(first).length).toBeGreaterThan(20);
      expect(await fingerprint(b, userB)).toEqual(first);
      expect(await fingerprint(c, userC)).not.toEqual(first);
    } finally {
      for (const h of harnesses) h.close();
    }
  });

  it('leaves the database untouched when seeding fails', async () => {
    const harness = createHarness();
    try {
      let calls = 0;
      const failing = () => {
        if (++calls > 2000) throw new Error('generator exhausted');
        return 0.5;
      };
      await expect(
        seedDemo(harness.db, harness.repos, { now: NOW, random: failing }),
      ).rejects.toThrow(/exhausted/);
      expect(await harness.repos.accounts.listUsers()).toEqual([]);
      expect(harness.db.inTransaction).toBe(false);
      // A later attempt still works.
      const user = await seedDemo(harness.db, harness.repos, { now: NOW });
      expect(user.accountId).toMatch(/^[0-9a-f]{24}$/);
    } finally {
      harness.close();
    }
  });
});
