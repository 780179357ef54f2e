/**
 * Demo data for a new, empty database: a small SaaS company with five people, five KPI groups,
 * two years of history, projections and insightboards. Everything goes through the repository
 * interfaces, so the demo exercises the same code paths as the API. Values come from a seeded
 * generator: the same `now` and seed give the same demo.
 */
import type { Db } from '../db/connection.ts';
import type { NewSnapshot, Repositories, Scope } from '../db/repositories.ts';
import type { DashboardItemInput, SectionHeaderInput } from '../../contract/dashboards.ts';
import type { TargetOperator } from '../../contract/kpis.ts';
import {
  UTC,
  localDate,
  periodOfInstant,
  shiftPeriod,
  type Aggregation,
  type Granularity,
  type Period,
} from '../../contract/periods.ts';

export const DEMO_ACCOUNT = 'Demo';
export const DEMO_EMAIL = 'demo@example.com';

export interface SeedOptions {
  /** The instant the history runs up to (default: Date.now()). */
  now?: number;
  /** Uniform numbers in [0, 1) (default: a generator seeded with a constant). */
  random?: () => number;
}

export interface SeededDemo {
  accountId: string;
  userId: string;
  token: string;
}

const DEFAULT_SEED = 20_240_611;
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;
const HISTORY_MS = 2 * YEAR_DAYS * DAY_MS;

/** Mulberry32: a tiny, fast generator with a 32-bit state; plenty for demo noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---------------------------------------------------------------------------------------------
// People and groups
// ---------------------------------------------------------------------------------------------

type PersonKey = 'dana' | 'priya' | 'tomas' | 'jonas' | 'aisha';

const PEOPLE: Record<PersonKey, { name: string; email: string }> = {
  dana: { name: 'Dana Whitfield', email: DEMO_EMAIL },
  priya: { name: 'Priya Raman', email: 'priya.raman@example.com' },
  tomas: { name: 'Tomás Ibarra', email: 'tomas.ibarra@example.com' },
  jonas: { name: 'Jonas Becker', email: 'jonas.becker@example.com' },
  aisha: { name: 'Aisha Karimi', email: 'aisha.karimi@example.com' },
};
const COLLEAGUES: PersonKey[] = ['priya', 'tomas', 'jonas', 'aisha'];

type GroupKey = 'sales' | 'marketing' | 'product' | 'success' | 'finance';

const GROUPS: Record<GroupKey, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  product: 'Product',
  success: 'Customer Success',
  finance: 'Finance',
};
const FAVORITE_GROUPS: GroupKey[] = ['finance', 'sales'];

/** The mention markup descriptions use for a person. */
type Mention = (person: PersonKey) => string;

// ---------------------------------------------------------------------------------------------
// KPI catalogue
// ---------------------------------------------------------------------------------------------

type Cadence = Extract<Granularity, 'day' | 'week' | 'month'>;

interface KpiSpec {
  key: string;
  name: string;
  description: (mention: Mention) => string;
  groups: GroupKey[];
  owners: PersonKey[];
  cadence: Cadence;
  aggregation: Aggregation;
  targetOperator: TargetOperator;
  prefix?: string;
  suffix?: string;
  decimals: number;
  /** Level two years ago and now, before seasonality and noise, per recorded period. */
  from: number;
  to: number;
  /** Strength of the weekday pattern (daily KPIs; negative: weekends run higher). */
  weekly?: number;
  /** Amplitude of the yearly cycle, relative. */
  yearly?: number;
  /** Day of the year (0-based) on which the yearly cycle peaks. */
  peakDay?: number;
  /** Relative noise. */
  noise: number;
  /** How much of the noise carries over from one period to the next (0..1). */
  smooth?: number;
  /** Occasional outliers: a chance per period and a relative size (negative: dips). */
  spikes?: { chance: number; size: number };
  min?: number;
  max?: number;
  /** Months of projections to add, continuing the trend. */
  projectMonths?: number;
}

const CADENCE_PERIODS: Record<Cadence, number> = { day: 731, week: 105, month: 24 };

/** Relative activity Monday..Sunday of a business audience; normalised to a mean of 1 below. */
const WEEKDAY_SHAPE = [1.06, 1.1, 1.08, 1.04, 0.95, 0.45, 0.38];
const WEEKDAY_MEAN = WEEKDAY_SHAPE.reduce((a, b) => a + b, 0) / WEEKDAY_SHAPE.length;

const KPIS: KpiSpec[] = [
  // Sales
  {
    key: 'bookings',
    name: 'New bookings',
    description: () =>
      'Annual contract value of **new** and **expansion** deals signed in the week.\n\n' +
      '- Source: closed-won opportunities in the CRM\n- Renewals are not counted\n- Shared with Finance for the revenue forecast',
    groups: ['sales', 'finance'],
    owners: ['priya', 'dana'],
    cadence: 'week',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    prefix: '$',
    decimals: 0,
    from: 142_000,
    to: 198_000,
    yearly: 0.16,
    peakDay: 345,
    noise: 0.2,
    smooth: 0.2,
    min: 0,
  },
  {
    key: 'deals',
    name: 'Deals closed-won',
    description: () =>
      'Number of opportunities moved to **Closed won** during the week, new business and expansions alike.',
    groups: ['sales'],
    owners: ['priya'],
    cadence: 'week',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 11,
    to: 15,
    yearly: 0.15,
    peakDay: 345,
    noise: 0.25,
    min: 0,
  },
  {
    key: 'pipeline',
    name: 'Qualified pipeline',
    description: (mention) =>
      'Total value of open opportunities at stage **Qualified** or later, read every Monday.\n\n' +
      `Reviewed in the weekly forecast call with ${mention('priya')}. Target: **3× coverage** of the quarterly bookings goal.`,
    groups: ['sales'],
    owners: ['priya'],
    cadence: 'week',
    aggregation: 'last',
    targetOperator: 'should_increase',
    prefix: '$',
    decimals: 0,
    from: 2_350_000,
    to: 3_400_000,
    yearly: 0.06,
    peakDay: 300,
    noise: 0.035,
    smooth: 0.85,
    min: 0,
    projectMonths: 4,
  },
  {
    key: 'winRate',
    name: 'Win rate',
    description: () =>
      'Share of opportunities closed in the month that were **won**.\n\n`won / (won + lost)`, by count, excluding disqualified leads.',
    groups: ['sales'],
    owners: ['priya'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_increase',
    suffix: '%',
    decimals: 1,
    from: 21.5,
    to: 26.8,
    noise: 0.06,
    min: 0,
    max: 100,
    projectMonths: 3,
  },
  {
    key: 'dealSize',
    name: 'Average deal size',
    description: () => 'Average first-year contract value of deals won in the month.',
    groups: ['sales'],
    owners: ['priya', 'dana'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_increase',
    prefix: '$',
    decimals: 0,
    from: 12_800,
    to: 15_400,
    yearly: 0.04,
    peakDay: 345,
    noise: 0.05,
    min: 0,
    projectMonths: 3,
  },
  {
    key: 'salesCycle',
    name: 'Sales cycle length',
    description: () =>
      'Median days from the first qualified meeting to signature for deals won in the month.\n\n' +
      '*Shorter is better*: the new security questionnaire template cut a week off enterprise deals.',
    groups: ['sales'],
    owners: ['priya'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_decrease',
    suffix: ' days',
    decimals: 0,
    from: 48,
    to: 39,
    noise: 0.07,
    min: 1,
  },
  // Marketing
  {
    key: 'sessions',
    name: 'Website sessions',
    description: () =>
      'Sessions on the marketing site and the blog, from the web analytics export.\n\n- Bots and internal traffic are filtered out',
    groups: ['marketing'],
    owners: ['tomas'],
    cadence: 'day',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 3_900,
    to: 5_600,
    weekly: 0.7,
    yearly: 0.1,
    peakDay: 290,
    noise: 0.08,
    smooth: 0.5,
    spikes: { chance: 0.01, size: 0.8 },
    min: 0,
  },
  {
    key: 'mqls',
    name: 'Marketing qualified leads',
    description: () =>
      'Leads that reached a score of **60** and were handed over to sales.\n\n' +
      '| Source | Share |\n| --- | --- |\n| Organic | ~45% |\n| Paid | ~35% |\n| Events | ~20% |',
    groups: ['marketing', 'sales'],
    owners: ['tomas', 'priya'],
    cadence: 'day',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 26,
    to: 38,
    weekly: 0.8,
    yearly: 0.12,
    peakDay: 280,
    noise: 0.22,
    min: 0,
  },
  {
    key: 'cac',
    name: 'Customer acquisition cost',
    description: (mention) =>
      'Sales and marketing spend of the month divided by the new customers won in it.\n\n' +
      `Spend figures come from Finance (${mention('dana')}) after the month closes.`,
    groups: ['marketing', 'finance'],
    owners: ['tomas', 'dana'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_decrease',
    prefix: '$',
    decimals: 2,
    from: 468.4,
    to: 392.75,
    yearly: 0.05,
    peakDay: 200,
    noise: 0.05,
    min: 1,
    projectMonths: 6,
  },
  {
    key: 'trials',
    name: 'Trial signups',
    description: () => 'New 14-day trials started from the website or the pricing page.',
    groups: ['marketing'],
    owners: ['tomas'],
    cadence: 'day',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 41,
    to: 63,
    weekly: 0.6,
    yearly: 0.1,
    peakDay: 20,
    noise: 0.18,
    min: 0,
  },
  // Product
  {
    key: 'dau',
    name: 'Daily active users',
    description: () =>
      'Distinct users who opened the app on the day (any authenticated request counts).\n\n' +
      '- Grouped by week or month, the value is the **average** day',
    groups: ['product'],
    owners: ['jonas', 'dana'],
    cadence: 'day',
    aggregation: 'average',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 8_200,
    to: 11_900,
    weekly: 0.65,
    yearly: 0.07,
    peakDay: 300,
    noise: 0.03,
    smooth: 0.7,
    min: 0,
    projectMonths: 3,
  },
  {
    key: 'latency',
    name: 'API response time (p95)',
    description: () =>
      '95th percentile of API response times over the day, in milliseconds, from the load balancer logs.\n\n' +
      'Spikes usually mean a slow database query; see the incident log for details.',
    groups: ['product'],
    owners: ['jonas'],
    cadence: 'day',
    aggregation: 'average',
    targetOperator: 'should_decrease',
    suffix: 'ms',
    decimals: 0,
    from: 342,
    to: 248,
    weekly: -0.08,
    noise: 0.06,
    smooth: 0.6,
    spikes: { chance: 0.015, size: 0.9 },
    min: 50,
    projectMonths: 3,
  },
  {
    key: 'concurrent',
    name: 'Peak concurrent users',
    description: () =>
      'Highest number of simultaneously connected users during the day. Grouped by week or month it shows the **busiest** day.',
    groups: ['product'],
    owners: ['jonas'],
    cadence: 'day',
    aggregation: 'max',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 1_150,
    to: 1_720,
    weekly: 0.6,
    yearly: 0.06,
    peakDay: 300,
    noise: 0.06,
    smooth: 0.4,
    min: 0,
  },
  {
    key: 'adoption',
    name: 'Dashboard feature adoption',
    description: () =>
      'Share of active accounts that viewed a shared dashboard in the last 28 days.\n\n' +
      'Launched as a beta two years ago; now part of every plan.',
    groups: ['product'],
    owners: ['jonas'],
    cadence: 'week',
    aggregation: 'last',
    targetOperator: 'should_increase',
    suffix: '%',
    decimals: 1,
    from: 28.5,
    to: 44.2,
    noise: 0.025,
    smooth: 0.8,
    min: 0,
    max: 100,
    projectMonths: 4,
  },
  {
    key: 'uptime',
    name: 'Service uptime',
    description: () =>
      'Share of one-minute health checks that passed during the day. Grouped by week or month it shows the **worst** day.\n\n' +
      '- SLA: 99.9% per month',
    groups: ['product', 'success'],
    owners: ['jonas', 'aisha'],
    cadence: 'day',
    aggregation: 'min',
    targetOperator: 'should_increase',
    suffix: '%',
    decimals: 2,
    from: 99.93,
    to: 99.97,
    noise: 0.0002,
    spikes: { chance: 0.01, size: -0.005 },
    min: 0,
    max: 100,
  },
  {
    key: 'deploys',
    name: 'Production deployments',
    description: () => 'Releases shipped to production in the week, hotfixes included.',
    groups: ['product'],
    owners: ['jonas'],
    cadence: 'week',
    aggregation: 'sum',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 14,
    to: 23,
    yearly: 0.1,
    peakDay: 150,
    noise: 0.18,
    min: 0,
  },
  // Customer Success
  {
    key: 'responseTime',
    name: 'First response time',
    description: () =>
      'Average hours until a support ticket gets its first human reply, business hours or not.\n\n' +
      'Weekends run slower: one agent is on call.',
    groups: ['success'],
    owners: ['aisha'],
    cadence: 'day',
    aggregation: 'average',
    targetOperator: 'should_decrease',
    suffix: 'h',
    decimals: 1,
    from: 5.4,
    to: 2.9,
    weekly: -0.35,
    noise: 0.12,
    smooth: 0.4,
    min: 0.2,
    projectMonths: 3,
  },
  {
    key: 'tickets',
    name: 'Support tickets opened',
    description: () =>
      'New tickets from email, chat and the in-app widget. Fewer is better as long as satisfaction holds.',
    groups: ['success'],
    owners: ['aisha'],
    cadence: 'day',
    aggregation: 'sum',
    targetOperator: 'should_decrease',
    decimals: 0,
    from: 132,
    to: 118,
    weekly: 0.75,
    yearly: 0.08,
    peakDay: 15,
    noise: 0.12,
    smooth: 0.3,
    spikes: { chance: 0.01, size: 0.6 },
    min: 0,
  },
  {
    key: 'csat',
    name: 'Customer satisfaction (CSAT)',
    description: () =>
      'Share of post-ticket surveys answered with *satisfied* or *very satisfied*.',
    groups: ['success'],
    owners: ['aisha', 'dana'],
    cadence: 'week',
    aggregation: 'average',
    targetOperator: 'should_increase',
    suffix: '%',
    decimals: 1,
    from: 87.6,
    to: 92.3,
    noise: 0.012,
    smooth: 0.3,
    min: 0,
    max: 100,
    projectMonths: 3,
  },
  {
    key: 'nps',
    name: 'Net Promoter Score',
    description: () =>
      'Promoters minus detractors, from the in-app survey shown to each account admin twice a year.\n\n' +
      'Scale: **-100** to **100**.',
    groups: ['success'],
    owners: ['aisha'],
    cadence: 'month',
    aggregation: 'last',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 31,
    to: 46,
    noise: 0.08,
    min: -100,
    max: 100,
    projectMonths: 6,
  },
  {
    key: 'churn',
    name: 'Monthly logo churn',
    description: (mention) =>
      'Share of paying customers at the start of the month who cancelled during it.\n\n' +
      `Cancellations are reviewed with ${mention('aisha')} in the monthly retention meeting.`,
    groups: ['success', 'finance'],
    owners: ['aisha', 'dana'],
    cadence: 'month',
    aggregation: 'last',
    targetOperator: 'should_decrease',
    suffix: '%',
    decimals: 1,
    from: 3.2,
    to: 2.1,
    noise: 0.1,
    min: 0,
    max: 100,
    projectMonths: 6,
  },
  // Finance
  {
    key: 'mrr',
    name: 'Monthly recurring revenue',
    description: () =>
      'Recurring revenue of all active subscriptions at the end of the month, normalised to a month.\n\n' +
      '- Excludes one-off services\n- Annual plans count as 1/12 per month',
    groups: ['finance'],
    owners: ['dana'],
    cadence: 'month',
    aggregation: 'last',
    targetOperator: 'should_increase',
    prefix: '$',
    decimals: 0,
    from: 1_420_000,
    to: 2_060_000,
    noise: 0.008,
    smooth: 0.9,
    min: 0,
    projectMonths: 6,
  },
  {
    key: 'margin',
    name: 'Gross margin',
    description: () => 'Revenue minus hosting and support costs, as a share of revenue.',
    groups: ['finance'],
    owners: ['dana'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_increase',
    suffix: '%',
    decimals: 1,
    from: 70.8,
    to: 75.9,
    noise: 0.012,
    smooth: 0.5,
    min: 0,
    max: 100,
    projectMonths: 6,
  },
  {
    key: 'opex',
    name: 'Operating expenses',
    description: () =>
      'All operating costs booked in the month: payroll, hosting, tools, rent and travel.',
    groups: ['finance'],
    owners: ['dana'],
    cadence: 'month',
    aggregation: 'sum',
    targetOperator: 'should_decrease',
    prefix: '$',
    decimals: 0,
    from: 1_080_000,
    to: 1_240_000,
    yearly: 0.04,
    peakDay: 340,
    noise: 0.04,
    min: 0,
  },
  // Not in any group
  {
    key: 'headcount',
    name: 'Headcount',
    description: () => 'Employees on payroll at the end of the month, contractors excluded.',
    groups: [],
    owners: ['dana'],
    cadence: 'month',
    aggregation: 'last',
    targetOperator: 'should_increase',
    decimals: 0,
    from: 86,
    to: 124,
    noise: 0.008,
    smooth: 0.9,
    min: 1,
    projectMonths: 6,
  },
  {
    key: 'timeToHire',
    name: 'Time to hire',
    description: () =>
      'Average days from opening a role to a signed offer, for offers signed in the month.',
    groups: [],
    owners: ['dana'],
    cadence: 'month',
    aggregation: 'average',
    targetOperator: 'should_decrease',
    suffix: ' days',
    decimals: 0,
    from: 41,
    to: 34,
    noise: 0.1,
    min: 1,
  },
];

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const roundTo = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  // Adding 0 turns a rounded -0 into 0.
  return Math.round(value * factor) / factor + 0;
};

const clamp = (value: number, min = -Infinity, max = Infinity) =>
  Math.min(max, Math.max(min, value));

function dayOfYear(instant: number): number {
  const date = new Date(instant);
  return (instant - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
}

/** Trend and yearly cycle at an instant, without noise. `now` sits at the end of the history. */
function baseline(spec: KpiSpec, instant: number, now: number): number {
  const t = 1 + (instant - now) / HISTORY_MS;
  const trend = spec.from + (spec.to - spec.from) * t;
  const yearly = spec.yearly
    ? 1 +
      spec.yearly * Math.cos((2 * Math.PI * (dayOfYear(instant) - (spec.peakDay ?? 0))) / YEAR_DAYS)
    : 1;
  return trend * yearly;
}

function gaussian(random: () => number): number {
  // Box–Muller; 1 - u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The periods a KPI of this cadence recorded over the last two years, the current one last. */
function historyPeriods(cadence: Cadence, now: number): Period[] {
  const count = CADENCE_PERIODS[cadence];
  const first = shiftPeriod(periodOfInstant(now, cadence, UTC), 1 - count, UTC);
  return Array.from({ length: count }, (_, i) => (i === 0 ? first : shiftPeriod(first, i, UTC)));
}

function snapshotsFor(spec: KpiSpec, now: number, random: () => number): NewSnapshot[] {
  const smooth = clamp(spec.smooth ?? 0, 0, 0.99);
  const innovation = Math.sqrt(1 - smooth * smooth);
  let carried = 0;
  return historyPeriods(spec.cadence, now).map((period) => {
    const middle = Math.min((period.start + period.end) / 2, now);
    let value = baseline(spec, middle, now);
    if (spec.weekly && spec.cadence === 'day') {
      const weekday = (new Date(period.start).getUTCDay() + 6) % 7;
      value *= 1 + spec.weekly * ((WEEKDAY_SHAPE[weekday] ?? WEEKDAY_MEAN) / WEEKDAY_MEAN - 1);
    }
    carried = smooth * carried + innovation * gaussian(random);
    value *= 1 + spec.noise * carried;
    const spike = random();
    if (spec.spikes && spike < spec.spikes.chance) value *= 1 + spec.spikes.size * (0.5 + random());
    // A sum over a period that is still running holds only what has happened so far.
    if (spec.aggregation === 'sum' && period.end > now) {
      value *= clamp((now - period.start) / (period.end - period.start), 0, 1);
    }
    return {
      periodKey: period.key,
      timeZone: UTC.name,
      instant: period.start,
      value: roundTo(clamp(value, spec.min, spec.max), spec.decimals),
    };
  });
}

/** Projections on the first of each coming month, continuing the trend and the yearly cycle. */
function projectionsFor(spec: KpiSpec, now: number): { date: string; value: number }[] {
  const months = spec.projectMonths ?? 0;
  const current = periodOfInstant(now, 'month', UTC);
  return Array.from({ length: months }, (_, i) => {
    const start = shiftPeriod(current, i + 1, UTC).start;
    const value = roundTo(clamp(baseline(spec, start, now), spec.min, spec.max), spec.decimals);
    return { date: localDate(start, UTC), value };
  });
}

// ---------------------------------------------------------------------------------------------
// Insightboards
// ---------------------------------------------------------------------------------------------

type TileKind = 'number' | 'chart' | 'wide';

interface Tile {
  kind: TileKind;
  kpis: string[];
  title: string;
}

type Block = { header: string; subHeader: string } | { tiles: Tile[] };

const TILE_SIZE: Record<TileKind, { sizeX: number; sizeY: number }> = {
  number: { sizeX: 3, sizeY: 2 },
  chart: { sizeX: 6, sizeY: 4 },
  wide: { sizeX: 12, sizeY: 4 },
};

const GRID_COLUMNS = 12;

/**
 * Lays blocks out top to bottom on the 12-column grid: a header takes a full-width row, tiles
 * fill rows left to right and wrap, so nothing overlaps.
 */
function layout(
  blocks: Block[],
  kpiIds: Map<string, string>,
  cadenceOf: Map<string, Cadence>,
): { insights: DashboardItemInput[]; sectionHeaders: SectionHeaderInput[] } {
  const insights: DashboardItemInput[] = [];
  const sectionHeaders: SectionHeaderInput[] = [];
  let row = 0;
  for (const block of blocks) {
    if ('header' in block) {
      sectionHeaders.push({
        header: block.header,
        subHeader: block.subHeader,
        row,
        col: 0,
        sizeX: GRID_COLUMNS,
        sizeY: 1,
      });
      row += 1;
      continue;
    }
    let col = 0;
    let lineHeight = 0;
    for (const tile of block.tiles) {
      const { sizeX, sizeY } = TILE_SIZE[tile.kind];
      if (col + sizeX > GRID_COLUMNS) {
        row += lineHeight;
        col = 0;
        lineHeight = 0;
      }
      const ids = tile.kpis.map((key) => {
        const id = kpiIds.get(key);
        if (id === undefined) throw new Error(`The demo board names an unknown KPI: ${key}`);
        return id;
      });
      // Monthly KPIs read best by month; everything else by week.
      const monthly = tile.kpis.every((key) => cadenceOf.get(key) === 'month');
      insights.push({
        type: tile.kind === 'number' ? 'kpi-number' : 'kpi-chart',
        insightTitle: tile.title,
        row,
        col,
        sizeX,
        sizeY,
        filters: [],
        settings: [
          { name: 'kpiIds', value: ids.join(',') },
          { name: 'groupBy', value: monthly ? 'month' : 'week' },
          { name: 'range', value: monthly ? 'last-12-months' : 'last-12-weeks' },
        ],
      });
      col += sizeX;
      lineHeight = Math.max(lineHeight, sizeY);
    }
    row += lineHeight;
  }
  return { insights, sectionHeaders };
}

const number = (kpi: string, title: string): Tile => ({ kind: 'number', kpis: [kpi], title });
const chart = (kpis: string[], title: string): Tile => ({ kind: 'chart', kpis, title });
const wide = (kpis: string[], title: string): Tile => ({ kind: 'wide', kpis, title });

interface BoardSpec {
  name: string;
  tag: string;
  labels: { name: string; title: string }[];
  author: PersonKey;
  blocks: Block[];
}

const BOARDS: BoardSpec[] = [
  {
    name: 'Executive overview',
    tag: 'executive-overview',
    labels: [
      { name: 'leadership', title: 'Leadership' },
      { name: 'weekly-review', title: 'Weekly review' },
    ],
    author: 'dana',
    blocks: [
      { header: 'Revenue', subHeader: 'Recurring revenue, bookings and margin' },
      {
        tiles: [
          number('mrr', 'MRR'),
          number('bookings', 'New bookings'),
          number('margin', 'Gross margin'),
          number('churn', 'Logo churn'),
          chart(['mrr'], 'Monthly recurring revenue'),
          chart(['bookings'], 'New bookings by week'),
        ],
      },
      { header: 'Customers and product', subHeader: 'Engagement and satisfaction' },
      {
        tiles: [
          number('dau', 'Daily active users'),
          number('nps', 'NPS'),
          number('csat', 'CSAT'),
          number('headcount', 'Headcount'),
          wide(['dau', 'concurrent'], 'Active and peak concurrent users'),
        ],
      },
    ],
  },
  {
    name: 'Sales pipeline',
    tag: 'sales-pipeline',
    labels: [
      { name: 'sales', title: 'Sales' },
      { name: 'weekly-review', title: 'Weekly review' },
    ],
    author: 'priya',
    blocks: [
      { header: 'Pipeline', subHeader: 'Qualified opportunities and conversion' },
      {
        tiles: [
          number('pipeline', 'Qualified pipeline'),
          number('deals', 'Deals won'),
          number('winRate', 'Win rate'),
          number('dealSize', 'Average deal size'),
          chart(['pipeline'], 'Pipeline by week'),
          chart(['deals', 'bookings'], 'Deals and bookings'),
        ],
      },
      { header: 'Top of funnel', subHeader: 'Leads handed over by marketing' },
      {
        tiles: [
          number('mqls', 'MQLs'),
          number('trials', 'Trial signups'),
          number('cac', 'CAC'),
          number('salesCycle', 'Sales cycle'),
          wide(['mqls', 'trials'], 'Leads and trials'),
        ],
      },
    ],
  },
  {
    name: 'Support health',
    tag: 'support-health',
    labels: [
      { name: 'customer-success', title: 'Customer Success' },
      { name: 'operations', title: 'Operations' },
    ],
    author: 'aisha',
    blocks: [
      { header: 'Responsiveness', subHeader: 'How quickly customers hear back' },
      {
        tiles: [
          number('responseTime', 'First response time'),
          number('tickets', 'Tickets opened'),
          number('csat', 'CSAT'),
          number('uptime', 'Uptime (worst day)'),
          chart(['responseTime'], 'First response time'),
          chart(['tickets'], 'Tickets opened'),
        ],
      },
      { header: 'Loyalty', subHeader: 'Whether customers stay and recommend us' },
      {
        tiles: [
          number('nps', 'NPS'),
          number('churn', 'Logo churn'),
          chart(['nps', 'churn'], 'NPS and churn'),
        ],
      },
      { tiles: [wide(['csat'], 'Customer satisfaction by week')] },
    ],
  },
];

const REPORT_BLOCKS: Record<string, Block[]> = {
  'Performance report': [
    { header: 'Company scorecard', subHeader: 'Reviewed monthly by the leadership team' },
    {
      tiles: [
        number('mrr', 'MRR'),
        number('bookings', 'New bookings'),
        number('nps', 'NPS'),
        number('churn', 'Logo churn'),
        wide(['mrr'], 'Monthly recurring revenue'),
      ],
    },
  ],
  'Process report': [
    { header: 'Operational processes', subHeader: 'Delivery, support and sales execution' },
    {
      tiles: [
        number('latency', 'API p95'),
        number('responseTime', 'First response time'),
        number('salesCycle', 'Sales cycle'),
        number('deploys', 'Deployments'),
        chart(['latency'], 'API response time'),
        chart(['deploys'], 'Deployments by week'),
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

/**
 * Fills a new database with the demo company and answers the demo user's ids and a token.
 * Runs as one transaction (the repositories' own transactions nest inside it as savepoints),
 * so a failure leaves the database as it was; nothing else may use the connection meanwhile.
 */
export async function seedDemo(
  db: Db,
  repos: Repositories,
  options: SeedOptions = {},
): Promise<SeededDemo> {
  const now = options.now ?? Date.now();
  const random = options.random ?? seededRandom(DEFAULT_SEED);
  const existing = await repos.accounts.listUsers();
  if (existing.some((u) => u.account === DEMO_ACCOUNT && u.email.toLowerCase() === DEMO_EMAIL)) {
    throw new Error(`The ${DEMO_ACCOUNT} account already has the demo user`);
  }

  const ownTransaction = !db.inTransaction;
  if (ownTransaction) db.exec('BEGIN IMMEDIATE');
  try {
    const result = await fill(repos, now, random);
    if (ownTransaction) db.exec('COMMIT');
    return result;
  } catch (error) {
    if (ownTransaction && db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

async function fill(repos: Repositories, now: number, random: () => number): Promise<SeededDemo> {
  const demo = await repos.accounts.createUser({
    account: DEMO_ACCOUNT,
    email: DEMO_EMAIL,
    name: PEOPLE.dana.name,
  });
  const accountId = demo.accountId;
  const ids = new Map<PersonKey, string>([['dana', demo.userId]]);
  for (const key of COLLEAGUES) {
    const person = PEOPLE[key];
    const created = await repos.accounts.createUser({
      account: DEMO_ACCOUNT,
      email: person.email,
      name: person.name,
    });
    ids.set(key, created.userId);
    // Colleagues exist to own KPIs; nobody signs in as them.
    await repos.accounts.revokeToken({ token: created.token });
  }
  const userId = (person: PersonKey) => ids.get(person)!;
  const scopeOf = (person: PersonKey): Scope => ({ accountId, userId: userId(person) });
  const dana = scopeOf('dana');
  const mention: Mention = (person) =>
    `@[${PEOPLE[person].name}:${PEOPLE[person].email}:${userId(person)}]`;

  const groupIds = new Map<GroupKey, string>();
  for (const [key, name] of Object.entries(GROUPS) as [GroupKey, string][]) {
    groupIds.set(key, (await repos.groups.create(dana, { name })).id);
  }

  const kpiIds = new Map<string, string>();
  const cadenceOf = new Map<string, Cadence>();
  for (const spec of KPIS) {
    const author = scopeOf(spec.owners[0] ?? 'dana');
    const kpi = await repos.kpis.create(author, {
      name: spec.name,
      description: spec.description(mention),
      aggregation: spec.aggregation,
      targetOperator: spec.targetOperator,
      formatting: {
        prefix: spec.prefix ?? '',
        suffix: spec.suffix ?? '',
        fractionSize: spec.decimals,
      },
      groups: spec.groups.map((g) => groupIds.get(g)!),
      ownerIds: spec.owners.map(userId),
    });
    kpiIds.set(spec.key, kpi.id);
    cadenceOf.set(spec.key, spec.cadence);
    await repos.snapshots.createMany(author, kpi.id, snapshotsFor(spec, now, random));
    for (const projection of projectionsFor(spec, now)) {
      await repos.projections.create(author, kpi.id, projection);
    }
  }

  for (const key of FAVORITE_GROUPS) await repos.groups.setFavorite(dana, groupIds.get(key)!, true);
  await repos.groups.setVirtualFavorite(dana, 'mykpis', true);

  for (const board of BOARDS) {
    await repos.dashboards.create(scopeOf(board.author), {
      name: board.name,
      tag: board.tag,
      tags: board.labels,
      ...layout(board.blocks, kpiIds, cadenceOf),
    });
  }
  for (const report of await repos.dashboards.reports(dana)) {
    const blocks = REPORT_BLOCKS[report.name];
    if (blocks)
      await repos.dashboards.update(dana, report.id, {
        name: report.name,
        ...layout(blocks, kpiIds, cadenceOf),
      });
  }

  return { accountId, userId: demo.userId, token: demo.token };
}
