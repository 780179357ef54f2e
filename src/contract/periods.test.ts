import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS,
  GRANULARITIES,
  STATISTICS_TYPES,
  UTC,
  aggregate,
  deltaPercentage,
  formatOffset,
  groupSnapshots,
  isCalendarDate,
  localDate,
  parsePeriodKey,
  parseTimeZone,
  periodFromKey,
  periodLabel,
  periodOfInstant,
  shiftPeriod,
  startOfLocalDay,
  statisticsWindows,
  type Aggregation,
  type Granularity,
  type Period,
  type TimeZone,
} from './periods.ts';

// ---------------------------------------------------------------------------------------------
// Helpers and independent reference implementations (built on Date / Intl, not on the module)
// ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Instant from an ISO string, e.g. at('2022-09-05T00:00Z'). */
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO in test: ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

function zone(input: string): TimeZone {
  const tz = parseTimeZone(input);
  if (tz === null) throw new Error(`test zone did not parse: ${input}`);
  return tz;
}

function period(key: string, tz: TimeZone): Period {
  const p = periodFromKey(key, tz);
  if (p === null) throw new Error(`test key did not parse: ${key}`);
  return p;
}

/** Pretty view of a period for readable equality assertions. */
const show = (p: Period) => ({ key: p.key, start: iso(p.start), end: iso(p.end) });

/** Deterministic PRNG (mulberry32) so property loops are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * ISO week keys by UTC day index, found by walking day by day with Date: a week starts on each
 * Monday, belongs to the year of its Thursday, and is week 1 when that Thursday is one of
 * January 1..7 (i.e. the year's first Thursday).
 */
function buildIsoWeekTable(fromYear: number, toYear: number): Map<number, string> {
  const table = new Map<number, string>();
  let cursor = Date.UTC(fromYear - 1, 11, 1);
  const stop = Date.UTC(toYear + 1, 0, 31);
  let isoYear = Number.NaN;
  let week = Number.NaN;
  for (; cursor <= stop; cursor += DAY) {
    const d = new Date(cursor);
    if (d.getUTCDay() === 1) {
      const thursday = new Date(cursor + 3 * DAY);
      if (thursday.getUTCMonth() === 0 && thursday.getUTCDate() <= 7) {
        isoYear = thursday.getUTCFullYear();
        week = 1;
      } else {
        week += 1;
      }
    }
    if (!Number.isNaN(week)) table.set(cursor / DAY, `${isoYear}-W${pad(week)}`);
  }
  return table;
}

const WEEK_TABLE = buildIsoWeekTable(1970, 2100);

function referenceWeekKey(localMs: number): string {
  const key = WEEK_TABLE.get(Math.floor(localMs / DAY));
  if (key === undefined) throw new Error(`outside reference table: ${iso(localMs)}`);
  return key;
}

/**
 * What SQLite's strftime yields for (instant/1000 + offset*60) as 'unixepoch': '%Y-%m-%d',
 * '%G-W%V', '%Y-%m', 'YYYY-Qn', '%Y'. Computed here from Date's UTC fields of the shifted instant.
 */
function sqliteStyleKey(instant: number, offsetMinutes: number, granularity: Granularity): string {
  const local = instant + offsetMinutes * 60_000;
  const d = new Date(local);
  const y = pad(d.getUTCFullYear(), 4);
  const m = d.getUTCMonth() + 1;
  switch (granularity) {
    case 'day':
      return `${y}-${pad(m)}-${pad(d.getUTCDate())}`;
    case 'week':
      return referenceWeekKey(local);
    case 'month':
      return `${y}-${pad(m)}`;
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'year':
      return y;
  }
}

/** Local calendar date according to Intl, as an oracle for IANA zones. */
function intlDate(instant: number, ianaName: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ianaName,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A hand-made TimeZone with a single offset change at `transition`. */
function syntheticZone(before: number, after: number, transition: number): TimeZone {
  return {
    name: 'Test/Synthetic',
    fixedOffsetMinutes: null,
    offsetAt: (instant) => (instant < transition ? before : after),
  };
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

describe('constants', () => {
  it('lists the supported granularities, aggregations and statistics types', () => {
    expect(GRANULARITIES).toEqual(['day', 'week', 'month', 'quarter', 'year']);
    expect(AGGREGATIONS).toEqual(['last', 'sum', 'average', 'min', 'max']);
    expect(STATISTICS_TYPES).toEqual(['week', 'month', 'three-months', 'year', 'all-time']);
  });
});

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

describe('parseTimeZone', () => {
  it.each([
    ['UTC', 'UTC', 0],
    ['utc', 'UTC', 0],
    ['Utc', 'UTC', 0],
    ['UTC+0', 'UTC', 0],
    ['UTC-0', 'UTC', 0],
    ['UTC+00:00', 'UTC', 0],
    ['UTC+3', 'UTC+3', 180],
    ['utc+3', 'UTC+3', 180],
    ['UTC+03', 'UTC+3', 180],
    ['UTC-2', 'UTC-2', -120],
    ['UTC+5:30', 'UTC+5:30', 330],
    ['UTC+05:30', 'UTC+5:30', 330],
    ['UTC-03:00', 'UTC-3', -180],
    ['UTC+05:00', 'UTC+5', 300],
    ['UTC+5:45', 'UTC+5:45', 345],
    ['UTC-9:30', 'UTC-9:30', -570],
    ['UTC+0:30', 'UTC+0:30', 30],
    ['UTC+14', 'UTC+14', 840],
    ['UTC+14:00', 'UTC+14', 840],
    ['UTC-12', 'UTC-12', -720],
    ['UTC-12:00', 'UTC-12', -720],
  ])('parses fixed offset %j as %j (%i minutes)', (input, name, minutes) => {
    const tz = parseTimeZone(input);
    expect(tz).not.toBeNull();
    expect(tz?.name).toBe(name);
    expect(Object.is(tz?.fixedOffsetMinutes, minutes)).toBe(true); // never -0
    expect(tz?.offsetAt(0)).toBe(minutes);
    expect(tz?.offsetAt(at('2022-07-01T00:00Z'))).toBe(minutes);
  });

  it.each([
    '',
    'UTC+25',
    'UTC+5:60',
    'UTC+',
    'UTC-',
    'UTC:',
    'UTC+14:01',
    'UTC+15',
    'UTC-12:01',
    'UTC-13',
    'UTC+5:3',
    'UTC+5:',
    'UTC+005',
    'UTC+0530',
    'UTC+3:00:00',
    'UTC+3.5',
    'UTC 3',
    'UTC +3',
    ' UTC',
    'UTC ',
    'UTC+\u0663', // Arabic-Indic digit three
    'UTCX',
    'GMT+2',
    'GMT-3',
    '+03:00',
    '-02:00',
    'garbage',
    'Europe/Nowhere',
    'Europe/Sofia ',
    ' Europe/Sofia',
    'Europe//Sofia',
    'Europe/Sofia/',
    '/Europe/Sofia',
    '../etc/passwd',
    'Europe/../Sofia',
    'Europe/Sofia\n',
    'x'.repeat(65),
    `UTC+3${' '.repeat(62)}`,
  ])('rejects %j', (input) => {
    expect(parseTimeZone(input)).toBeNull();
  });

  it('rejects inputs longer than 64 characters even if otherwise plausible', () => {
    const long = `Europe/${'A'.repeat(58)}`;
    expect(long.length).toBe(65);
    expect(parseTimeZone(long)).toBeNull();
  });

  it('accepts IANA zones, correcting letter case to the IANA spelling', () => {
    const sofia = parseTimeZone('Europe/Sofia');
    expect(sofia?.name).toBe('Europe/Sofia');
    expect(sofia?.fixedOffsetMinutes).toBeNull();
    expect(parseTimeZone('europe/sofia')?.name).toBe('Europe/Sofia');
    expect(parseTimeZone('EUROPE/SOFIA')?.name).toBe('Europe/Sofia');
    expect(parseTimeZone('America/Sao_Paulo')?.name).toBe('America/Sao_Paulo');
    expect(parseTimeZone('America/Argentina/Buenos_Aires')?.name).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it('keeps the caller spelling of a link that Intl may canonicalise differently per engine', () => {
    const kolkata = parseTimeZone('Asia/Kolkata');
    expect(kolkata?.name).toBe('Asia/Kolkata');
    expect(kolkata?.offsetAt(at('2022-06-01T00:00Z'))).toBe(330);
  });

  it('maps Intl spellings of UTC itself onto the fixed UTC zone', () => {
    expect(parseTimeZone('Etc/UTC')).toBe(UTC);
    expect(parseTimeZone('GMT')).toBe(UTC);
    expect(UTC.name).toBe('UTC');
    expect(UTC.fixedOffsetMinutes).toBe(0);
    expect(UTC.offsetAt(123_456_789)).toBe(0);
  });

  it('treats Etc/GMT+N as the IANA zone it is (POSIX sign: west of UTC)', () => {
    const tz = zone('Etc/GMT+2');
    expect(tz.fixedOffsetMinutes).toBeNull();
    expect(tz.offsetAt(at('2022-06-01T00:00Z'))).toBe(-120);
  });

  it('caches zones: the same input yields the same frozen object', () => {
    expect(parseTimeZone('Europe/Sofia')).toBe(parseTimeZone('Europe/Sofia'));
    expect(parseTimeZone('UTC+3')).toBe(parseTimeZone('UTC+3'));
    expect(Object.isFrozen(zone('Europe/Sofia'))).toBe(true);
    expect(Object.isFrozen(zone('UTC+3'))).toBe(true);
  });

  it('reports IANA offsets per instant, including DST and odd offsets', () => {
    const sofia = zone('Europe/Sofia');
    expect(sofia.offsetAt(at('2022-01-15T12:00Z'))).toBe(120);
    expect(sofia.offsetAt(at('2022-07-15T12:00Z'))).toBe(180);
    // Spring forward at 03:00 local (01:00Z) on 2022-03-27.
    expect(sofia.offsetAt(at('2022-03-27T01:00Z') - 1)).toBe(120);
    expect(sofia.offsetAt(at('2022-03-27T01:00Z'))).toBe(180);
    // Fall back at 04:00 local (01:00Z) on 2022-10-30.
    expect(sofia.offsetAt(at('2022-10-30T01:00Z') - 1)).toBe(180);
    expect(sofia.offsetAt(at('2022-10-30T01:00Z'))).toBe(120);
    expect(zone('Asia/Kathmandu').offsetAt(at('2022-06-01T00:00Z'))).toBe(345);
    const lordHowe = zone('Australia/Lord_Howe'); // half-hour DST
    expect(lordHowe.offsetAt(at('2022-01-01T00:00Z'))).toBe(660);
    expect(lordHowe.offsetAt(at('2022-07-01T00:00Z'))).toBe(630);
  });

  it('agrees with Intl on local dates for IANA zones over many random instants', () => {
    const random = rng(7);
    for (const name of ['Europe/Sofia', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Tokyo']) {
      const tz = zone(name);
      for (let i = 0; i < 400; i++) {
        const instant = Math.floor(at('1975-01-01T00:00Z') + random() * 60 * 365 * DAY);
        expect(localDate(instant, tz), `${name} ${iso(instant)}`).toBe(intlDate(instant, name));
      }
    }
  });
});

describe('formatOffset', () => {
  it.each([
    [330, 'UTC+5:30'],
    [-120, 'UTC-2'],
    [0, 'UTC'],
    [-0, 'UTC'],
    [180, 'UTC+3'],
    [-330, 'UTC-5:30'],
    [45, 'UTC+0:45'],
    [-45, 'UTC-0:45'],
    [345, 'UTC+5:45'],
    [840, 'UTC+14'],
    [-720, 'UTC-12'],
    [605, 'UTC+10:05'],
  ])('%i -> %j', (minutes, text) => {
    expect(formatOffset(minutes)).toBe(text);
  });

  it('round-trips with parseTimeZone for every quarter-hour offset in range', () => {
    for (let minutes = -720; minutes <= 840; minutes += 15) {
      const tz = parseTimeZone(formatOffset(minutes));
      expect(tz?.fixedOffsetMinutes, `offset ${minutes}`).toBe(minutes);
      expect(tz?.name).toBe(formatOffset(minutes));
    }
  });

  it('throws on non-finite offsets', () => {
    expect(() => formatOffset(Number.NaN)).toThrow(RangeError);
    expect(() => formatOffset(Infinity)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Calendar dates and period keys
// ---------------------------------------------------------------------------------------------

describe('isCalendarDate', () => {
  it.each([
    '2022-09-05',
    '1970-01-01',
    '9999-12-31',
    '2024-02-29',
    '2000-02-29',
    '2023-02-28',
    '2022-12-31',
    '2022-04-30',
  ])('accepts %j', (s) => {
    expect(isCalendarDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2100-02-29',
    '2022-02-30',
    '2022-04-31',
    '2022-13-01',
    '2022-00-10',
    '2022-01-00',
    '2022-01-32',
    '1969-12-31',
    '10000-01-01',
    '2022-9-5',
    '22-09-05',
    '2022/09/05',
    '2022-09-05T00:00:00Z',
    ' 2022-09-05',
    '2022-09-05 ',
    '',
    'not a date',
  ])('rejects %j', (s) => {
    expect(isCalendarDate(s)).toBe(false);
  });

  it('agrees with Date about the length of every month of 1970..2100', () => {
    for (let year = 1970; year <= 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        expect(isCalendarDate(`${year}-${pad(month)}-${pad(last)}`)).toBe(true);
        expect(isCalendarDate(`${year}-${pad(month)}-${pad(last + 1)}`)).toBe(false);
      }
    }
  });
});

describe('parsePeriodKey', () => {
  it.each([
    ['2022-09-05', 'day', '2022-09-05'],
    ['2024-02-29', 'day', '2024-02-29'],
    ['1970-01-01', 'day', '1970-01-01'],
    ['9999-12-31', 'day', '9999-12-31'],
    ['2022-W36', 'week', '2022-W36'],
    ['2022-W06', 'week', '2022-W06'],
    ['2022-W6', 'week', '2022-W06'],
    ['2022-w6', 'week', '2022-W06'],
    ['2020-W53', 'week', '2020-W53'],
    ['2015-W53', 'week', '2015-W53'],
    ['2022-W01', 'week', '2022-W01'],
    ['1970-W01', 'week', '1970-W01'],
    ['2022-09', 'month', '2022-09'],
    ['2022-12', 'month', '2022-12'],
    ['2022-Q3', 'quarter', '2022-Q3'],
    ['2022-q1', 'quarter', '2022-Q1'],
    ['2022', 'year', '2022'],
    ['1970', 'year', '1970'],
    ['9999', 'year', '9999'],
  ])('parses %j as %s %j', (input, granularity, key) => {
    expect(parsePeriodKey(input)).toEqual({ granularity, key });
  });

  it.each([
    '2021-W53',
    '2022-W53',
    '2022-W00',
    '2022-W0',
    '2022-W54',
    '2022-W',
    '2022-W123',
    '2022-W-1',
    '1969-W52',
    '2022-13',
    '2022-00',
    '2022-9',
    '2022-Q0',
    '2022-Q5',
    '2022-Q',
    '2022-Q03',
    '1969',
    '0000',
    '10000',
    '999',
    '1969-12-31',
    '1969-12',
    '1969-Q4',
    '2023-02-29',
    '2022-09-31',
    '22-09-05',
    '2022/09',
    '2022-09-05T00:00',
    ' 2022',
    '2022 ',
    '',
    'W36 2022',
    '2022-H1',
  ])('rejects %j', (input) => {
    expect(parsePeriodKey(input)).toBeNull();
  });

  it('accepts week 53 exactly in the years that have one (checked against a day walk)', () => {
    const yearsWith53 = new Set<number>();
    for (const key of WEEK_TABLE.values()) {
      if (key.endsWith('-W53')) yearsWith53.add(Number(key.slice(0, 4)));
    }
    // Sanity of the reference walk: a year is long iff it starts on a Thursday, or on a
    // Wednesday in a leap year.
    for (let year = 1970; year <= 2100; year++) {
      const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
      const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
      expect(yearsWith53.has(year), String(year)).toBe(jan1 === 4 || (leap && jan1 === 3));
    }
    for (let year = 1970; year <= 2100; year++) {
      const expected = yearsWith53.has(year);
      expect(parsePeriodKey(`${year}-W53`) !== null, `${year}-W53`).toBe(expected);
      expect(parsePeriodKey(`${year}-W52`)).not.toBeNull();
    }
    expect(yearsWith53.has(2015)).toBe(true);
    expect(yearsWith53.has(2020)).toBe(true);
    expect(yearsWith53.has(2021)).toBe(false);
  });
});

describe('periodLabel', () => {
  it.each([
    ['2022-09-05', '5 Sep 2022'],
    ['2022-12-25', '25 Dec 2022'],
    ['2024-02-29', '29 Feb 2024'],
    ['2022-W36', 'W36 2022'],
    ['2022-W06', 'W6 2022'],
    ['2022-W6', 'W6 2022'],
    ['2020-W53', 'W53 2020'],
    ['2022-09', 'Sep 2022'],
    ['2022-01', 'Jan 2022'],
    ['2022-Q3', 'Q3 2022'],
    ['2022', '2022'],
  ])('%j -> %j', (key, label) => {
    expect(periodLabel(key)).toBe(label);
  });

  it('names all twelve months', () => {
    const names = Array.from({ length: 12 }, (_, i) => periodLabel(`2022-${pad(i + 1)}`));
    expect(names).toEqual([
      'Jan 2022',
      'Feb 2022',
      'Mar 2022',
      'Apr 2022',
      'May 2022',
      'Jun 2022',
      'Jul 2022',
      'Aug 2022',
      'Sep 2022',
      'Oct 2022',
      'Nov 2022',
      'Dec 2022',
    ]);
  });

  it('throws for invalid keys', () => {
    expect(() => periodLabel('2021-W53')).toThrow(RangeError);
    expect(() => periodLabel('nope')).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// ISO weeks
// ---------------------------------------------------------------------------------------------

describe('ISO week-year edges', () => {
  const weekOf = (isoDate: string) => periodOfInstant(at(`${isoDate}T12:00Z`), 'week', UTC);

  it('2020-W53 exists and starts Monday 2020-12-28 UTC', () => {
    expect(show(period('2020-W53', UTC))).toEqual({
      key: '2020-W53',
      start: '2020-12-28T00:00:00.000Z',
      end: '2021-01-04T00:00:00.000Z',
    });
  });

  it('2021-W53 does not exist', () => {
    expect(parsePeriodKey('2021-W53')).toBeNull();
    expect(periodFromKey('2021-W53', UTC)).toBeNull();
  });

  it.each([
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-30', '2025-W01'],
    ['2024-12-29', '2024-W52'],
    ['2019-12-30', '2020-W01'],
    ['2019-12-29', '2019-W52'],
    ['2016-01-03', '2015-W53'],
    ['2015-12-28', '2015-W53'],
    ['2023-01-01', '2022-W52'],
    ['2022-09-05', '2022-W36'],
    ['1970-01-01', '1970-W01'],
  ])('%s is in %s', (date, key) => {
    expect(weekOf(date).key).toBe(key);
    expect(referenceWeekKey(at(`${date}T12:00Z`))).toBe(key);
  });

  it('2015-W53 runs from 2015-12-28 to 2016-01-04', () => {
    expect(show(period('2015-W53', UTC))).toEqual({
      key: '2015-W53',
      start: '2015-12-28T00:00:00.000Z',
      end: '2016-01-04T00:00:00.000Z',
    });
  });

  it('1970-W01 starts in 1969 and is still representable', () => {
    expect(iso(period('1970-W01', UTC).start)).toBe('1969-12-29T00:00:00.000Z');
    expect(periodOfInstant(at('1969-12-29T00:00Z'), 'week', UTC).key).toBe('1970-W01');
  });

  it('matches a day-by-day reference walk for every day of 2000..2040', () => {
    const half = zone('UTC+5:30');
    const west = zone('UTC-2');
    let checked = 0;
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2041, 0, 1); day += DAY) {
      const expected = referenceWeekKey(day);
      const p = periodOfInstant(day + 12 * HOUR, 'week', UTC);
      if (p.key !== expected) expect(p.key, iso(day)).toBe(expected);
      // Weeks start on Monday at local midnight and last exactly seven days.
      if (new Date(p.start).getUTCDay() !== 1 || p.end - p.start !== 7 * DAY) {
        expect(show(p)).toBe('a Monday-to-Monday week');
      }
      if (p.start > day || p.end <= day) expect(show(p)).toBe(`a week containing ${iso(day)}`);
      // The same local day seen from other offsets (local noon) lands in the same week.
      if (periodOfInstant(day + 12 * HOUR - 330 * 60_000, 'week', half).key !== expected) {
        expect(iso(day)).toBe('same week in UTC+5:30');
      }
      if (periodOfInstant(day + 12 * HOUR + 120 * 60_000, 'week', west).key !== expected) {
        expect(iso(day)).toBe('same week in UTC-2');
      }
      checked++;
    }
    expect(checked).toBe(14_976);
  });
});

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

describe('periodFromKey', () => {
  it.each([
    ['UTC+3', '2022-09-05', '2022-09-04T21:00:00.000Z', '2022-09-05T21:00:00.000Z'],
    ['UTC+3', '2022-W36', '2022-09-04T21:00:00.000Z', '2022-09-11T21:00:00.000Z'],
    ['UTC+3', '2022-09', '2022-08-31T21:00:00.000Z', '2022-09-30T21:00:00.000Z'],
    ['UTC+3', '2022-Q3', '2022-06-30T21:00:00.000Z', '2022-09-30T21:00:00.000Z'],
    ['UTC+3', '2022', '2021-12-31T21:00:00.000Z', '2022-12-31T21:00:00.000Z'],
    ['UTC-2', '2022-09-05', '2022-09-05T02:00:00.000Z', '2022-09-06T02:00:00.000Z'],
    ['UTC-2', '2022-W36', '2022-09-05T02:00:00.000Z', '2022-09-12T02:00:00.000Z'],
    ['UTC-2', '2022-09', '2022-09-01T02:00:00.000Z', '2022-10-01T02:00:00.000Z'],
    ['UTC-2', '2022-Q3', '2022-07-01T02:00:00.000Z', '2022-10-01T02:00:00.000Z'],
    ['UTC-2', '2022', '2022-01-01T02:00:00.000Z', '2023-01-01T02:00:00.000Z'],
    ['UTC', '2022-Q4', '2022-10-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'],
    ['UTC', '2022-Q1', '2022-01-01T00:00:00.000Z', '2022-04-01T00:00:00.000Z'],
    ['UTC+5:30', '2023-01-01', '2022-12-31T18:30:00.000Z', '2023-01-01T18:30:00.000Z'],
  ])('in %s, %s runs from %s to %s', (tzName, key, start, end) => {
    const p = period(key, zone(tzName));
    expect(iso(p.start)).toBe(start);
    expect(iso(p.end)).toBe(end);
    expect(p.key).toBe(key);
    expect(p.granularity).toBe(parsePeriodKey(key)?.granularity);
  });

  it('returns the canonical key', () => {
    expect(period('2022-W6', UTC).key).toBe('2022-W06');
    expect(period('2022-q2', UTC).key).toBe('2022-Q2');
  });

  it('returns null for invalid keys', () => {
    expect(periodFromKey('2021-W53', UTC)).toBeNull();
    expect(periodFromKey('2023-02-29', UTC)).toBeNull();
    expect(periodFromKey('', UTC)).toBeNull();
  });

  it('handles the extremes of the supported years', () => {
    expect(show(period('9999', UTC))).toEqual({
      key: '9999',
      start: '9999-01-01T00:00:00.000Z',
      end: '+010000-01-01T00:00:00.000Z',
    });
    expect(iso(period('1970-01-01', zone('UTC+3')).start)).toBe('1969-12-31T21:00:00.000Z');
  });
});

describe('leap days', () => {
  it('2024-02-29 is a valid day; 2023-02-29 is not', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(period('2024-02-29', UTC).end - period('2024-02-29', UTC).start).toBe(DAY);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(periodFromKey('2023-02-29', UTC)).toBeNull();
  });

  it('month and year lengths follow the Gregorian leap rules', () => {
    const length = (key: string) => {
      const p = period(key, UTC);
      return (p.end - p.start) / DAY;
    };
    expect(length('2024-02')).toBe(29);
    expect(length('2023-02')).toBe(28);
    expect(length('2000-02')).toBe(29);
    expect(length('2100-02')).toBe(28);
    expect(length('2024')).toBe(366);
    expect(length('2023')).toBe(365);
    expect(length('2024-Q1')).toBe(91);
    expect(length('2023-Q1')).toBe(90);
    expect(length('2023-Q3')).toBe(92);
  });

  it('the day after 2024-02-28 is the leap day and the next is March 1st', () => {
    const feb28 = period('2024-02-28', UTC);
    expect(shiftPeriod(feb28, 1, UTC).key).toBe('2024-02-29');
    expect(shiftPeriod(feb28, 2, UTC).key).toBe('2024-03-01');
    expect(shiftPeriod(period('2023-02-28', UTC), 1, UTC).key).toBe('2023-03-01');
  });
});

describe('periodOfInstant with offsets moving a value across boundaries', () => {
  const keys = (instant: number, tz: TimeZone) =>
    GRANULARITIES.map((g) => periodOfInstant(instant, g, tz).key);

  it('2022-12-31T23:30Z in UTC+5:30 is already 2023 locally', () => {
    const instant = at('2022-12-31T23:30Z');
    const tz = zone('UTC+5:30');
    // 2023-01-01 is a Sunday, so its ISO week is still the last week of 2022.
    expect(keys(instant, tz)).toEqual(['2023-01-01', '2022-W52', '2023-01', '2023-Q1', '2023']);
    expect(referenceWeekKey(instant + 330 * 60_000)).toBe('2022-W52');
    expect(localDate(instant, tz)).toBe('2023-01-01');
    expect(keys(instant, UTC)).toEqual(['2022-12-31', '2022-W52', '2022-12', '2022-Q4', '2022']);
    expect(show(periodOfInstant(instant, 'year', tz))).toEqual({
      key: '2023',
      start: '2022-12-31T18:30:00.000Z',
      end: '2023-12-31T18:30:00.000Z',
    });
  });

  it('2023-01-01T01:00Z in UTC-2 is still 2022-12-31 locally', () => {
    const instant = at('2023-01-01T01:00Z');
    const tz = zone('UTC-2');
    expect(keys(instant, tz)).toEqual(['2022-12-31', '2022-W52', '2022-12', '2022-Q4', '2022']);
    expect(localDate(instant, tz)).toBe('2022-12-31');
    expect(keys(instant, UTC)).toEqual(['2023-01-01', '2022-W52', '2023-01', '2023-Q1', '2023']);
    expect(show(periodOfInstant(instant, 'day', tz))).toEqual({
      key: '2022-12-31',
      start: '2022-12-31T02:00:00.000Z',
      end: '2023-01-01T02:00:00.000Z',
    });
  });

  it('moves across a week boundary into a new ISO year', () => {
    // Sunday 2024-12-29 22:00Z is Monday 2024-12-30 in UTC+3, the first day of 2025-W01.
    const instant = at('2024-12-29T22:00Z');
    expect(periodOfInstant(instant, 'week', UTC).key).toBe('2024-W52');
    expect(periodOfInstant(instant, 'week', zone('UTC+3')).key).toBe('2025-W01');
  });

  it('uses half-open periods: the start belongs to the period, the end to the next', () => {
    const tz = zone('UTC-2');
    const p = period('2022-09', tz);
    expect(periodOfInstant(p.start, 'month', tz).key).toBe('2022-09');
    expect(periodOfInstant(p.start - 1, 'month', tz).key).toBe('2022-08');
    expect(periodOfInstant(p.end - 1, 'month', tz).key).toBe('2022-09');
    expect(periodOfInstant(p.end, 'month', tz).key).toBe('2022-10');
  });

  it('throws for non-finite instants and keys outside 1970..9999', () => {
    expect(() => periodOfInstant(Number.NaN, 'day', UTC)).toThrow(RangeError);
    expect(() => periodOfInstant(Infinity, 'day', UTC)).toThrow(RangeError);
    expect(() => periodOfInstant(0, 'day', zone('UTC-2'))).toThrow(RangeError); // 1969-12-31
    expect(() => periodOfInstant(at('+010000-01-01T00:00Z'), 'year', UTC)).toThrow(RangeError);
    expect(periodOfInstant(0, 'day', UTC).key).toBe('1970-01-01');
    expect(periodOfInstant(0, 'week', zone('UTC-2')).key).toBe('1970-W01');
  });

  it('agrees with SQLite-style strftime keys for fixed offsets on random instants', () => {
    const random = rng(42);
    const offsets = [0, 180, -120, 330, -330, 345, 840, -720, -570, 45];
    const from = at('1971-01-01T00:00Z');
    const span = at('2100-01-01T00:00Z') - from;
    for (const offset of offsets) {
      const tz = zone(formatOffset(offset));
      for (let i = 0; i < 300; i++) {
        // Mix arbitrary instants with ones right at / next to a local midnight.
        let instant = Math.floor(from + random() * span);
        const snap = Math.floor(random() * 3);
        if (snap > 0) {
          instant = Math.floor((instant + offset * 60_000) / DAY) * DAY - offset * 60_000;
          if (snap === 2) instant -= 1;
        }
        for (const g of GRANULARITIES) {
          const expected = sqliteStyleKey(instant, offset, g);
          const p = periodOfInstant(instant, g, tz);
          if (p.key !== expected) expect(`${g} ${iso(instant)} ${offset}: ${p.key}`).toBe(expected);
        }
      }
    }
  });
});

describe('period invariants (property loop over fixed and IANA zones)', () => {
  const zones = [
    'UTC',
    'UTC+5:30',
    'UTC-2',
    'UTC+14',
    'UTC-12',
    'UTC+5:45',
    'Europe/Sofia',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'America/Havana',
  ];

  it.each(zones)('holds in %s', (name) => {
    const tz = zone(name);
    const random = rng(name.length * 7919);
    for (let i = 0; i < 150; i++) {
      const instant = Math.floor(at('1972-01-01T00:00Z') + random() * 120 * 365 * DAY);
      for (const g of GRANULARITIES) {
        const p = periodOfInstant(instant, g, tz);
        const context = `${name} ${g} ${iso(instant)}`;
        expect(p.granularity).toBe(g);
        expect(p.start <= instant && instant < p.end, context).toBe(true);
        expect(parsePeriodKey(p.key), context).toEqual({ granularity: g, key: p.key });
        expect(periodFromKey(p.key, tz), context).toEqual(p);
        expect(periodOfInstant(p.start, g, tz).key, context).toBe(p.key);
        expect(periodOfInstant(p.end - 1, g, tz).key, context).toBe(p.key);
        const next = shiftPeriod(p, 1, tz);
        const prev = shiftPeriod(p, -1, tz);
        expect(next.start, context).toBe(p.end);
        expect(prev.end, context).toBe(p.start);
        expect(periodOfInstant(p.end, g, tz).key, context).toBe(next.key);
        expect(periodOfInstant(p.start - 1, g, tz).key, context).toBe(prev.key);
        expect(shiftPeriod(next, -1, tz), context).toEqual(p);
      }
      expect(startOfLocalDay(localDate(instant, tz), tz)).toBe(
        periodOfInstant(instant, 'day', tz).start,
      );
    }
  });

  it('a zone object without a fixed offset but a constant one behaves like the fixed zone', () => {
    const fixed = zone('UTC+3');
    const dynamic: TimeZone = { name: 'Test/Plus3', fixedOffsetMinutes: null, offsetAt: () => 180 };
    const random = rng(3);
    for (let i = 0; i < 200; i++) {
      const instant = Math.floor(at('2000-01-01T00:00Z') + random() * 40 * 365 * DAY);
      for (const g of GRANULARITIES) {
        expect(periodOfInstant(instant, g, dynamic)).toEqual(periodOfInstant(instant, g, fixed));
      }
    }
  });
});

describe('shiftPeriod', () => {
  it.each([
    ['2020-W53', 1, '2021-W01'],
    ['2021-W01', -1, '2020-W53'],
    ['2020-W52', 2, '2021-W01'],
    ['2020-W01', 52, '2020-W53'],
    ['2021-W01', 52, '2022-W01'],
    ['2024-W52', 1, '2025-W01'],
    ['2022-Q4', 1, '2023-Q1'],
    ['2023-Q1', -1, '2022-Q4'],
    ['2022-Q2', -9, '2020-Q1'],
    ['2022-12', 1, '2023-01'],
    ['2023-01', -1, '2022-12'],
    ['2023-01', -13, '2021-12'],
    ['2022-01', 24, '2024-01'],
    ['2022-12-31', 1, '2023-01-01'],
    ['2023-01-01', -1, '2022-12-31'],
    ['2022-03-01', -1, '2022-02-28'],
    ['2022-01-01', 365, '2023-01-01'],
    ['2022', -3, '2019'],
    ['2022', 1, '2023'],
    ['2022-09-05', 0, '2022-09-05'],
  ])('%s %+i -> %s', (key, steps, expected) => {
    const tz = zone('UTC+3');
    const shifted = shiftPeriod(period(key, tz), steps, tz);
    expect(shifted).toEqual(period(expected, tz));
  });

  it('composes: n single steps equal one n-step shift', () => {
    for (const [key, g] of [
      ['2019-W50', 'week'],
      ['2019-11', 'month'],
      ['2019-Q3', 'quarter'],
      ['2019-12-20', 'day'],
    ] as const) {
      let stepwise = period(key, UTC);
      expect(stepwise.granularity).toBe(g);
      for (let n = 1; n <= 60; n++) {
        stepwise = shiftPeriod(stepwise, 1, UTC);
        expect(shiftPeriod(period(key, UTC), n, UTC)).toEqual(stepwise);
        expect(shiftPeriod(stepwise, -n, UTC)).toEqual(period(key, UTC));
      }
    }
  });

  it('recomputes start and end in the given time zone', () => {
    const shifted = shiftPeriod(period('2022-09', UTC), 1, zone('UTC-2'));
    expect(show(shifted)).toEqual({
      key: '2022-10',
      start: '2022-10-01T02:00:00.000Z',
      end: '2022-11-01T02:00:00.000Z',
    });
  });

  it('throws when leaving 1970..9999, on fractional steps or on a bad key', () => {
    expect(() => shiftPeriod(period('1970-01', UTC), -1, UTC)).toThrow(RangeError);
    expect(() => shiftPeriod(period('9999', UTC), 1, UTC)).toThrow(RangeError);
    expect(() => shiftPeriod(period('1970-W01', UTC), -1, UTC)).toThrow(RangeError);
    expect(() => shiftPeriod(period('2022-09', UTC), 0.5, UTC)).toThrow(RangeError);
    expect(() => shiftPeriod(period('2022-09', UTC), Number.NaN, UTC)).toThrow(RangeError);
    const bogus: Period = { granularity: 'week', key: '2021-W53', start: 0, end: 0 };
    expect(() => shiftPeriod(bogus, 1, UTC)).toThrow(RangeError);
    const mismatched: Period = { granularity: 'day', key: '2022-09', start: 0, end: 0 };
    expect(() => shiftPeriod(mismatched, 1, UTC)).toThrow(RangeError);
  });
});

describe('localDate and startOfLocalDay', () => {
  it('gives the local calendar date of an instant', () => {
    expect(localDate(at('2022-09-05T21:00Z'), zone('UTC+3'))).toBe('2022-09-06');
    expect(localDate(at('2022-09-05T20:59:59.999Z'), zone('UTC+3'))).toBe('2022-09-05');
    expect(localDate(at('2022-09-05T01:59Z'), zone('UTC-2'))).toBe('2022-09-04');
    expect(localDate(0, UTC)).toBe('1970-01-01');
    expect(localDate(0, zone('UTC-2'))).toBe('1969-12-31');
    expect(() => localDate(Number.NaN, UTC)).toThrow(RangeError);
  });

  it('gives the instant local midnight happens', () => {
    expect(iso(startOfLocalDay('2022-09-05', UTC))).toBe('2022-09-05T00:00:00.000Z');
    expect(iso(startOfLocalDay('2022-09-05', zone('UTC+3')))).toBe('2022-09-04T21:00:00.000Z');
    expect(iso(startOfLocalDay('2022-09-05', zone('UTC-2')))).toBe('2022-09-05T02:00:00.000Z');
    expect(iso(startOfLocalDay('2022-09-05', zone('UTC+5:45')))).toBe('2022-09-04T18:15:00.000Z');
  });

  it('throws for invalid dates', () => {
    expect(() => startOfLocalDay('2023-02-29', UTC)).toThrow(RangeError);
    expect(() => startOfLocalDay('2022-9-5', UTC)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Daylight saving time
// ---------------------------------------------------------------------------------------------

describe('IANA zones across DST changes', () => {
  const sofia = zone('Europe/Sofia');

  it('the Sofia day of the spring change (2022-03-27) lasts 23 hours', () => {
    const p = period('2022-03-27', sofia);
    expect(show(p)).toEqual({
      key: '2022-03-27',
      start: '2022-03-26T22:00:00.000Z',
      end: '2022-03-27T21:00:00.000Z',
    });
    expect(p.end - p.start).toBe(23 * HOUR);
    expect(periodOfInstant(at('2022-03-27T00:59Z'), 'day', sofia)).toEqual(p);
    expect(periodOfInstant(at('2022-03-27T01:00Z'), 'day', sofia)).toEqual(p);
    expect(localDate(p.end - 1, sofia)).toBe('2022-03-27');
    expect(localDate(p.end, sofia)).toBe('2022-03-28');
  });

  it('the Sofia day of the autumn change (2022-10-30) lasts 25 hours', () => {
    const p = period('2022-10-30', sofia);
    expect(iso(p.start)).toBe('2022-10-29T21:00:00.000Z');
    expect(p.end - p.start).toBe(25 * HOUR);
  });

  it('weeks, months and years absorb the lost and gained hours', () => {
    const length = (key: string) => {
      const p = period(key, sofia);
      return (p.end - p.start) / HOUR;
    };
    expect(length('2022-W12')).toBe(7 * 24 - 1);
    expect(length('2022-W43')).toBe(7 * 24 + 1);
    expect(length('2022-03')).toBe(31 * 24 - 1);
    expect(length('2022-Q1')).toBe(90 * 24 - 1);
    expect(length('2022-10')).toBe(31 * 24 + 1);
    expect(length('2022')).toBe(365 * 24);
    expect(iso(period('2022-07', sofia).start)).toBe('2022-06-30T21:00:00.000Z');
    expect(iso(period('2022-01', sofia).start)).toBe('2021-12-31T22:00:00.000Z');
  });

  it('every day of 2022 in Sofia chains onto the next and matches Intl', () => {
    let p = period('2022-01-01', sofia);
    const lengths = new Map<number, number>();
    for (let i = 0; i < 365; i++) {
      expect(intlDate(p.start, 'Europe/Sofia')).toBe(p.key);
      expect(intlDate(p.start - 1, 'Europe/Sofia')).not.toBe(p.key);
      const hours = (p.end - p.start) / HOUR;
      lengths.set(hours, (lengths.get(hours) ?? 0) + 1);
      const next = shiftPeriod(p, 1, sofia);
      expect(next.start).toBe(p.end);
      p = next;
    }
    expect(p.key).toBe('2023-01-01');
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 363, 25: 1 });
  });

  it('a skipped midnight (Sao Paulo, 2018-11-04) starts the day when the clocks jump', () => {
    const saoPaulo = zone('America/Sao_Paulo');
    const start = startOfLocalDay('2018-11-04', saoPaulo);
    // Clocks went from 00:00 (-03) straight to 01:00 (-02), at 03:00Z.
    expect(iso(start)).toBe('2018-11-04T03:00:00.000Z');
    expect(localDate(start, saoPaulo)).toBe('2018-11-04');
    expect(localDate(start - 1, saoPaulo)).toBe('2018-11-03');
    const p = period('2018-11-04', saoPaulo);
    expect(p.end - p.start).toBe(23 * HOUR);
  });

  it('a repeated midnight (Havana, 2022-11-06) starts the day at its first occurrence', () => {
    const havana = zone('America/Havana');
    const p = period('2022-11-06', havana);
    // Clocks went from 01:00 (-04) back to 00:00 (-05), so midnight happened at 04:00Z and 05:00Z.
    expect(iso(p.start)).toBe('2022-11-06T04:00:00.000Z');
    expect(p.end - p.start).toBe(25 * HOUR);
    expect(localDate(p.start - 1, havana)).toBe('2022-11-05');
  });

  it('resolves a gap that swallows midnight to the end of the gap (synthetic zone)', () => {
    // +01:00 until 2022-06-10T22:30Z (23:30 local), then +02:00: 23:30 jumps to 00:30.
    const transition = at('2022-06-10T22:30Z');
    const tz = syntheticZone(60, 120, transition);
    expect(startOfLocalDay('2022-06-11', tz)).toBe(transition);
    expect(localDate(transition - 1, tz)).toBe('2022-06-10');
    expect(localDate(transition, tz)).toBe('2022-06-11');
    const day = period('2022-06-10', tz);
    expect(iso(day.start)).toBe('2022-06-09T23:00:00.000Z');
    expect(day.end).toBe(transition);
    expect(period('2022-06-11', tz).end - transition).toBe(23.5 * HOUR);
  });

  it('resolves a repeated midnight to its earlier occurrence (synthetic zone)', () => {
    // +01:00 until 2022-06-11T00:00Z (01:00 local), then UTC: 00:00..01:00 occurs twice.
    const transition = at('2022-06-11T00:00Z');
    const tz = syntheticZone(60, 0, transition);
    const p = period('2022-06-11', tz);
    expect(iso(p.start)).toBe('2022-06-10T23:00:00.000Z');
    expect(p.end - p.start).toBe(25 * HOUR);
    expect(periodOfInstant(transition + 30 * 60_000, 'day', tz).key).toBe('2022-06-11');
  });

  it('groups Sofia snapshots into local days around the change', () => {
    const groups = groupSnapshots(
      [
        { instant: at('2022-03-26T21:59Z'), value: 1 }, // 23:59 on the 26th
        { instant: at('2022-03-26T22:00Z'), value: 2 }, // 00:00 on the 27th
        { instant: at('2022-03-27T20:59Z'), value: 3 }, // 23:59 on the 27th (now +03)
        { instant: at('2022-03-27T21:00Z'), value: 4 }, // 00:00 on the 28th
      ],
      'day',
      sofia,
      'sum',
    );
    expect(groups.map((g) => [g.group, g.value, g.count, (g.end - g.start) / HOUR])).toEqual([
      ['2022-03-26', 1, 1, 24],
      ['2022-03-27', 5, 2, 23],
      ['2022-03-28', 4, 1, 24],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------

describe('aggregate', () => {
  it.each(AGGREGATIONS)('%s of nothing is null', (aggregation) => {
    expect(aggregate([], aggregation)).toBeNull();
  });

  it.each(AGGREGATIONS)('%s of a single value is that value', (aggregation) => {
    expect(aggregate([42.5], aggregation)).toBe(42.5);
    expect(aggregate([-3], aggregation)).toBe(-3);
  });

  it.each([
    ['last', 5],
    ['sum', 14],
    ['average', 2.8],
    ['min', 1],
    ['max', 5],
  ] as const)('%s of [3, 1, 4, 1, 5] is %d', (aggregation, expected) => {
    expect(aggregate([3, 1, 4, 1, 5], aggregation)).toBeCloseTo(expected, 12);
  });

  it('last takes the latest value, not the largest', () => {
    expect(aggregate([9, 7, 2], 'last')).toBe(2);
    expect(aggregate([2, 7, 9], 'last')).toBe(9);
  });

  it('handles negative values', () => {
    const values = [-5, 10, -20, 3];
    expect(aggregate(values, 'sum')).toBe(-12);
    expect(aggregate(values, 'average')).toBe(-3);
    expect(aggregate(values, 'min')).toBe(-20);
    expect(aggregate(values, 'max')).toBe(10);
    expect(aggregate([-1, -2], 'max')).toBe(-1);
  });

  it('sums fractions without drifting', () => {
    expect(aggregate([0.1, 0.2, 0.3], 'sum')).toBe(0.6);
    expect(
      aggregate(
        Array.from({ length: 10 }, () => 0.1),
        'sum',
      ),
    ).toBe(1);
    expect(aggregate([1e16, 1, -1e16], 'sum')).toBe(1);
  });

  it('copes with large inputs (no argument-spreading limits)', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i);
    expect(aggregate(values, 'max')).toBe(199_999);
    expect(aggregate(values, 'min')).toBe(0);
    expect(aggregate(values, 'sum')).toBe((199_999 * 200_000) / 2);
  });

  it('rejects an unknown aggregation', () => {
    expect(() => aggregate([1], 'median' as Aggregation)).toThrow(RangeError);
  });
});

describe('deltaPercentage', () => {
  it.each([
    [110, 100, 10],
    [90, 100, -10],
    [100, 100, 0],
    [0, 100, -100],
    [250, 100, 150],
    [-50, -100, 50],
    [-150, -100, -50],
    [0, -100, 100],
    [50, -100, 150],
    [1, 3, -66.66666666666667],
  ])('(%d vs %d) -> %d%%', (current, base, expected) => {
    expect(deltaPercentage(current, base)).toBeCloseTo(expected, 10);
  });

  it.each([
    [100, 0],
    [0, 0],
    [-5, 0],
    [null, 100],
    [100, null],
    [undefined, 100],
    [100, undefined],
    [null, null],
    [Number.NaN, 100],
    [100, Infinity],
  ])('(%s vs %s) -> null', (current, base) => {
    expect(deltaPercentage(current, base)).toBeNull();
  });

  it('treats a current value of 0 as a value, not as missing', () => {
    expect(deltaPercentage(0, 50)).toBe(-100);
  });
});

describe('groupSnapshots', () => {
  const s = (isoInstant: string, value: number) => ({ instant: at(isoInstant), value });

  it('groups into periods in time order, omits empty periods and counts snapshots', () => {
    const input = [
      s('2022-09-20T10:00Z', 7),
      s('2022-07-01T00:00Z', 1),
      s('2022-09-01T00:00Z', 5),
      s('2022-07-31T23:59Z', 3),
      s('2022-09-30T23:59:59.999Z', 6),
    ];
    const groups = groupSnapshots(input, 'month', UTC, 'sum');
    expect(groups).toEqual([
      {
        group: '2022-07',
        value: 4,
        count: 2,
        start: at('2022-07-01T00:00Z'),
        end: at('2022-08-01T00:00Z'),
      },
      {
        group: '2022-09',
        value: 18,
        count: 3,
        start: at('2022-09-01T00:00Z'),
        end: at('2022-10-01T00:00Z'),
      },
    ]);
    // The input is not reordered.
    expect(input.map((x) => x.value)).toEqual([7, 1, 5, 3, 6]);
  });

  it('applies each aggregation to the values of a period in time order', () => {
    const input = [
      s('2022-09-07T12:00Z', 30),
      s('2022-09-05T00:00Z', 10),
      s('2022-09-11T23:59Z', 5),
      s('2022-09-06T08:00Z', 40),
    ];
    const result = (aggregation: Aggregation) =>
      groupSnapshots(input, 'week', UTC, aggregation).map((g) => [g.group, g.value, g.count]);
    expect(result('last')).toEqual([['2022-W36', 5, 4]]);
    expect(result('sum')).toEqual([['2022-W36', 85, 4]]);
    expect(result('average')).toEqual([['2022-W36', 21.25, 4]]);
    expect(result('min')).toEqual([['2022-W36', 5, 4]]);
    expect(result('max')).toEqual([['2022-W36', 40, 4]]);
  });

  it('keeps input order for equal instants, so "last" is the later entry', () => {
    const input = [s('2022-09-05T10:00Z', 1), s('2022-09-05T10:00Z', 2), s('2022-09-05T09:00Z', 3)];
    expect(groupSnapshots(input, 'day', UTC, 'last')[0]?.value).toBe(2);
    const reversed = [input[1]!, input[0]!, input[2]!];
    expect(groupSnapshots(reversed, 'day', UTC, 'last')[0]?.value).toBe(1);
  });

  it('handles a single snapshot and no snapshots', () => {
    expect(groupSnapshots([], 'day', UTC, 'sum')).toEqual([]);
    expect(groupSnapshots([s('2022-09-05T10:00Z', 8)], 'quarter', UTC, 'average')).toEqual([
      {
        group: '2022-Q3',
        value: 8,
        count: 1,
        start: at('2022-07-01T00:00Z'),
        end: at('2022-10-01T00:00Z'),
      },
    ]);
  });

  it('uses local periods of the time zone', () => {
    const input = [s('2022-09-05T22:00Z', 1), s('2022-09-05T20:00Z', 2), s('2022-09-06T01:00Z', 4)];
    const view = (tz: TimeZone) =>
      groupSnapshots(input, 'day', tz, 'sum').map((g) => [g.group, g.value, g.count]);
    expect(view(UTC)).toEqual([
      ['2022-09-05', 3, 2],
      ['2022-09-06', 4, 1],
    ]);
    expect(view(zone('UTC+3'))).toEqual([
      ['2022-09-05', 2, 1],
      ['2022-09-06', 5, 2],
    ]);
    expect(view(zone('UTC-2'))).toEqual([['2022-09-05', 7, 3]]);
  });

  it('groups weeks across a year boundary by ISO week-year', () => {
    const input = [s('2020-12-31T12:00Z', 1), s('2021-01-03T12:00Z', 2), s('2021-01-04T00:00Z', 3)];
    expect(groupSnapshots(input, 'week', UTC, 'sum').map((g) => [g.group, g.value])).toEqual([
      ['2020-W53', 3],
      ['2021-W01', 3],
    ]);
    expect(groupSnapshots(input, 'year', UTC, 'sum').map((g) => [g.group, g.value])).toEqual([
      ['2020', 1],
      ['2021', 5],
    ]);
  });

  it('matches a naive per-snapshot grouping on random data', () => {
    const random = rng(99);
    const tz = zone('UTC+5:30');
    const input = Array.from({ length: 3000 }, () => ({
      instant: Math.floor(at('2020-01-01T00:00Z') + random() * 3 * 365 * DAY),
      value: Math.round(random() * 1000) / 10,
    }));
    for (const g of GRANULARITIES) {
      const expected = new Map<string, number[]>();
      for (const snap of [...input].sort((a, b) => a.instant - b.instant)) {
        const key = sqliteStyleKey(snap.instant, 330, g);
        expected.set(key, [...(expected.get(key) ?? []), snap.value]);
      }
      const groups = groupSnapshots(input, g, tz, 'max');
      expect(groups.map((x) => x.group)).toEqual([...expected.keys()].sort());
      for (const group of groups) {
        const values = expected.get(group.group) ?? [];
        expect(group.count).toBe(values.length);
        expect(group.value).toBe(Math.max(...values));
        expect(group.start).toBe(period(group.group, tz).start);
      }
      expect(groups.reduce((n, x) => n + x.count, 0)).toBe(input.length);
    }
  });

  it('throws for snapshots with invalid instants', () => {
    expect(() => groupSnapshots([{ instant: Number.NaN, value: 1 }], 'day', UTC, 'sum')).toThrow(
      RangeError,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Statistics windows
// ---------------------------------------------------------------------------------------------

describe('statisticsWindows', () => {
  const view = (w: { start: number; end: number; label: string } | null) =>
    w === null ? null : { label: w.label, start: iso(w.start), end: iso(w.end) };
  const windows = (type: (typeof STATISTICS_TYPES)[number], now: string, tz: TimeZone = UTC) => {
    const result = statisticsWindows(type, at(now), tz);
    return [view(result.current), view(result.previous), view(result.beforePrevious)];
  };

  it('week: the ISO week holding now and the two before it', () => {
    // 2022-09-07 is a Wednesday in W36.
    expect(windows('week', '2022-09-07T12:00Z')).toEqual([
      { label: 'W36 2022', start: '2022-09-05T00:00:00.000Z', end: '2022-09-12T00:00:00.000Z' },
      { label: 'W35 2022', start: '2022-08-29T00:00:00.000Z', end: '2022-09-05T00:00:00.000Z' },
      { label: 'W34 2022', start: '2022-08-22T00:00:00.000Z', end: '2022-08-29T00:00:00.000Z' },
    ]);
  });

  it('week: crosses into the previous ISO year, including week 53', () => {
    expect(windows('week', '2021-01-12T12:00Z').map((w) => w?.label)).toEqual([
      'W2 2021',
      'W1 2021',
      'W53 2020',
    ]);
  });

  it('month: the calendar month holding now and the two before it', () => {
    expect(windows('month', '2023-02-10T12:00Z')).toEqual([
      { label: 'Feb 2023', start: '2023-02-01T00:00:00.000Z', end: '2023-03-01T00:00:00.000Z' },
      { label: 'Jan 2023', start: '2023-01-01T00:00:00.000Z', end: '2023-02-01T00:00:00.000Z' },
      { label: 'Dec 2022', start: '2022-12-01T00:00:00.000Z', end: '2023-01-01T00:00:00.000Z' },
    ]);
  });

  it('year: the calendar year holding now and the two before it', () => {
    expect(windows('year', '2024-06-01T00:00Z')).toEqual([
      { label: '2024', start: '2024-01-01T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' },
      { label: '2023', start: '2023-01-01T00:00:00.000Z', end: '2024-01-01T00:00:00.000Z' },
      { label: '2022', start: '2022-01-01T00:00:00.000Z', end: '2023-01-01T00:00:00.000Z' },
    ]);
  });

  it('three-months: within one year', () => {
    expect(windows('three-months', '2022-09-15T12:00Z')).toEqual([
      { label: 'Jul–Sep 2022', start: '2022-07-01T00:00:00.000Z', end: '2022-10-01T00:00:00.000Z' },
      { label: 'Apr–Jun 2022', start: '2022-04-01T00:00:00.000Z', end: '2022-07-01T00:00:00.000Z' },
      { label: 'Jan–Mar 2022', start: '2022-01-01T00:00:00.000Z', end: '2022-04-01T00:00:00.000Z' },
    ]);
  });

  it('three-months: across a year boundary (now = 2023-01-15)', () => {
    expect(windows('three-months', '2023-01-15T12:00Z')).toEqual([
      {
        label: 'Nov 2022–Jan 2023',
        start: '2022-11-01T00:00:00.000Z',
        end: '2023-02-01T00:00:00.000Z',
      },
      { label: 'Aug–Oct 2022', start: '2022-08-01T00:00:00.000Z', end: '2022-11-01T00:00:00.000Z' },
      { label: 'May–Jul 2022', start: '2022-05-01T00:00:00.000Z', end: '2022-08-01T00:00:00.000Z' },
    ]);
    expect(windows('three-months', '2023-02-10T00:00Z').map((w) => w?.label)).toEqual([
      'Dec 2022–Feb 2023',
      'Sep–Nov 2022',
      'Jun–Aug 2022',
    ]);
    expect(windows('three-months', '2023-04-01T00:00Z').map((w) => w?.label)).toEqual([
      'Feb–Apr 2023',
      'Nov 2022–Jan 2023',
      'Aug–Oct 2022',
    ]);
  });

  it('labels ranges with an en dash', () => {
    const { current } = statisticsWindows('three-months', at('2022-09-15T12:00Z'), UTC);
    expect(current.label).toContain('\u2013');
    expect(current.label).not.toContain('-');
  });

  it('windows are contiguous for every type', () => {
    for (const type of ['week', 'month', 'three-months', 'year'] as const) {
      for (const tzName of ['UTC', 'UTC+5:30', 'Europe/Sofia']) {
        const { current, previous, beforePrevious } = statisticsWindows(
          type,
          at('2022-03-27T12:00Z'),
          zone(tzName),
        );
        expect(previous?.end).toBe(current.start);
        expect(beforePrevious?.end).toBe(previous?.start);
        expect(current.start <= at('2022-03-27T12:00Z')).toBe(true);
        expect(current.end > at('2022-03-27T12:00Z')).toBe(true);
      }
    }
  });

  it('uses the local date of now: UTC+3 is already in the new year', () => {
    const tz = zone('UTC+3');
    const now = '2022-12-31T22:00Z'; // 01:00 on 2023-01-01 locally, a Sunday
    expect(windows('month', now, tz)[0]).toEqual({
      label: 'Jan 2023',
      start: '2022-12-31T21:00:00.000Z',
      end: '2023-01-31T21:00:00.000Z',
    });
    expect(windows('year', now, tz).map((w) => w?.label)).toEqual(['2023', '2022', '2021']);
    expect(windows('week', now, tz).map((w) => w?.label)).toEqual([
      'W52 2022',
      'W51 2022',
      'W50 2022',
    ]);
    expect(windows('three-months', now, tz)[0]?.label).toBe('Nov 2022–Jan 2023');
    // The same instant in UTC is still December.
    expect(windows('month', now)[0]?.label).toBe('Dec 2022');
    expect(windows('three-months', now)[0]?.label).toBe('Oct–Dec 2022');
  });

  it('uses the local date of now: UTC-2 is still in the old year', () => {
    const tz = zone('UTC-2');
    const now = '2023-01-01T01:00Z'; // 23:00 on 2022-12-31 locally
    expect(windows('month', now, tz)[0]).toEqual({
      label: 'Dec 2022',
      start: '2022-12-01T02:00:00.000Z',
      end: '2023-01-01T02:00:00.000Z',
    });
    expect(windows('year', now, tz)[0]?.label).toBe('2022');
    expect(windows('three-months', now, tz)[0]).toEqual({
      label: 'Oct–Dec 2022',
      start: '2022-10-01T02:00:00.000Z',
      end: '2023-01-01T02:00:00.000Z',
    });
    // Monday 2023-01-02 01:00Z is still Sunday locally: the week is W52, not W01.
    expect(windows('week', '2023-01-02T01:00Z', tz)[0]?.label).toBe('W52 2022');
    expect(windows('week', '2023-01-02T01:00Z')[0]?.label).toBe('W1 2023');
  });

  it('all-time covers every instant and has no earlier windows', () => {
    const result = statisticsWindows('all-time', at('2022-09-07T12:00Z'), zone('UTC+3'));
    expect(result).toEqual({
      current: { start: -8.64e15, end: 8.64e15, label: 'All time' },
      previous: null,
      beforePrevious: null,
    });
  });

  it('earlier windows before 1970 are null', () => {
    const result = statisticsWindows('month', at('1970-02-10T00:00Z'), UTC);
    expect(result.current.label).toBe('Feb 1970');
    expect(result.previous?.label).toBe('Jan 1970');
    expect(result.beforePrevious).toBeNull();
    expect(statisticsWindows('year', at('1970-06-01T00:00Z'), UTC).previous).toBeNull();
  });

  it('rejects an unknown statistics type', () => {
    expect(() => statisticsWindows('decade' as 'year', 0, UTC)).toThrow(RangeError);
  });
});
