/**
 * Calendar periods (day, ISO week, month, quarter, year) in a time zone, plus the small
 * aggregation helpers the KPI views need. Pure and dependency-free: it runs unchanged in the
 * API server and in the browser.
 *
 * Internally every calendar date is an "epoch day" (whole days since 1970-01-01), and local
 * wall-clock time is represented as "local ms" (instant + offset), so all calendar arithmetic
 * is integer math on numbers; Intl is only consulted to learn the UTC offset of IANA zones.
 */

export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const AGGREGATIONS = ['last', 'sum', 'average', 'min', 'max'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const STATISTICS_TYPES = ['week', 'month', 'three-months', 'year', 'all-time'] as const;
export type StatisticsType = (typeof STATISTICS_TYPES)[number];

const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** The range of instants a JavaScript Date can represent. */
const MAX_INSTANT = 8.64e15;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const MAX_ZONE_INPUT_LENGTH = 64;
const MIN_FIXED_OFFSET = -12 * 60;
const MAX_FIXED_OFFSET = 14 * 60;

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** Days before the first of each month in a common year; index 12 is the year length. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365] as const;

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on epoch days
// ---------------------------------------------------------------------------------------------

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Remainder that is never negative, so weekdays of pre-1970 days come out right. */
function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch day of January 1st of `year` (proleptic Gregorian). */
function firstDayOfYear(year: number): number {
  const p = year - 1;
  // 477 = leap days in years 1..1969, so that 1970 maps to 0.
  return 365 * (year - 1970) + floorDiv(p, 4) - floorDiv(p, 100) + floorDiv(p, 400) - 477;
}

/** Epoch day of a calendar date; `month` is 1-based and assumed valid. */
function epochDay(year: number, month: number, day: number): number {
  const leapShift = month > 2 && isLeapYear(year) ? 1 : 0;
  return firstDayOfYear(year) + (DAYS_BEFORE_MONTH[month - 1] ?? 0) + leapShift + day - 1;
}

function yearOfEpochDay(day: number): number {
  // The mean Gregorian year gives an estimate that is off by at most one; fix it up.
  let year = 1970 + Math.floor(day / 365.2425);
  while (firstDayOfYear(year) > day) year--;
  while (firstDayOfYear(year + 1) <= day) year++;
  return year;
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function civilOfEpochDay(epoch: number): CivilDate {
  const year = yearOfEpochDay(epoch);
  const dayOfYear = epoch - firstDayOfYear(year);
  const leap = isLeapYear(year) ? 1 : 0;
  let month = 12;
  while (month > 1 && dayOfYear < (DAYS_BEFORE_MONTH[month - 1] ?? 0) + (month > 2 ? leap : 0)) {
    month--;
  }
  const monthStart = (DAYS_BEFORE_MONTH[month - 1] ?? 0) + (month > 2 ? leap : 0);
  return { year, month, day: dayOfYear - monthStart + 1 };
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
function isoWeekday(epoch: number): number {
  return mod(epoch + 3, 7);
}

/** Epoch day of the Monday that starts week 1 of ISO week-year `isoYear`. */
function firstMondayOfIsoYear(isoYear: number): number {
  // Week 1 is the week holding January 4th (equivalently, the year's first Thursday).
  const jan4 = firstDayOfYear(isoYear) + 3;
  return jan4 - isoWeekday(jan4);
}

function isoWeeksInYear(isoYear: number): number {
  return (firstMondayOfIsoYear(isoYear + 1) - firstMondayOfIsoYear(isoYear)) / 7;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function formatEpochDay(epoch: number): string {
  const { year, month, day } = civilOfEpochDay(epoch);
  if (year < 0 || year > MAX_YEAR) throw new RangeError(`Date outside years 0000..9999`);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

/** A time zone: either a fixed UTC offset or an IANA zone. */
export interface TimeZone {
  /** Canonical: 'UTC', 'UTC+3', 'UTC-2', 'UTC+5:30', or the IANA name. */
  readonly name: string;
  /** Minutes east of UTC for fixed offsets, null for IANA zones. */
  readonly fixedOffsetMinutes: number | null;
  /** Minutes east of UTC at that instant. */
  offsetAt(instantMs: number): number;
}

function createFixedZone(offsetMinutes: number): TimeZone {
  return Object.freeze({
    name: formatOffset(offsetMinutes),
    fixedOffsetMinutes: offsetMinutes,
    offsetAt: () => offsetMinutes,
  });
}

export const UTC: TimeZone = createFixedZone(0);

/**
 * 330 -> 'UTC+5:30', -120 -> 'UTC-2', 0 -> 'UTC'. Fractions of a minute are rounded away,
 * since only IANA zones with pre-1972 local mean time have such offsets.
 */
export function formatOffset(offsetMinutes: number): string {
  if (!Number.isFinite(offsetMinutes)) throw new RangeError(`Invalid offset: ${offsetMinutes}`);
  const total = Math.round(Math.abs(offsetMinutes));
  if (total === 0) return 'UTC';
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${hours}${minutes === 0 ? '' : `:${pad2(minutes)}`}`;
}

const FIXED_OFFSET_PATTERN = /^utc(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/i;
/** Letters first, so offsets ('+03:00') and junk never reach Intl, whose accepted set varies by engine. */
const IANA_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
/** Intl spellings of UTC itself; those map onto the fixed UTC zone so 'UTC' stays one name. */
const UTC_ALIASES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);

function parseFixedZone(input: string): TimeZone | null {
  const match = FIXED_OFFSET_PATTERN.exec(input);
  if (!match) return null;
  const [, sign, hoursText, minutesText] = match;
  if (sign === undefined || hoursText === undefined) return UTC;
  const minutes = minutesText === undefined ? 0 : Number(minutesText);
  if (minutes > 59) return null;
  const magnitude = Number(hoursText) * 60 + minutes;
  if (magnitude === 0) return UTC;
  const offset = sign === '-' ? -magnitude : magnitude;
  if (offset < MIN_FIXED_OFFSET || offset > MAX_FIXED_OFFSET) return null;
  return createFixedZone(offset);
}

/** Offset in ms at or after `at` is `after`, before it `before`. */
interface OffsetTransition {
  readonly before: number;
  readonly after: number;
  readonly at: number;
}

const MAX_CACHED_DAYS = 100_000;

/**
 * Offset lookup for one IANA zone. Offsets are cached per UTC day: Intl is asked for the offsets
 * at both ends of the day and, only when they differ, a binary search pins down the transition
 * to the second. Zones do not change offset twice within 24 hours, so after warm-up each lookup
 * is a Map hit, which matters when grouping tens of thousands of snapshots.
 */
function createOffsetLookup(intlName: string): (instantMs: number) => number {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: intlName,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const days = new Map<number, number | OffsetTransition>();

  /** Offset in ms from Intl; Intl resolves to whole seconds, so work on the enclosing second. */
  const intlOffsetMs = (instant: number): number => {
    const second = Math.floor(instant / MS_PER_SECOND) * MS_PER_SECOND;
    let year = 1970;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let sec = 0;
    let beforeCommonEra = false;
    for (const part of formatter.formatToParts(second)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          sec = Number(part.value);
          break;
        case 'era':
          beforeCommonEra = part.value.startsWith('B');
          break;
        default:
          break;
      }
    }
    if (beforeCommonEra) year = 1 - year;
    const wall =
      epochDay(year, month, day) * MS_PER_DAY +
      hour * MS_PER_HOUR +
      minute * MS_PER_MINUTE +
      sec * MS_PER_SECOND;
    return wall - second;
  };

  const computeDay = (dayIndex: number): number | OffsetTransition => {
    const start = dayIndex * MS_PER_DAY;
    const end = Math.min(start + MS_PER_DAY, MAX_INSTANT);
    const before = intlOffsetMs(start);
    const after = intlOffsetMs(end);
    if (before === after) return before;
    let lo = start / MS_PER_SECOND;
    let hi = end / MS_PER_SECOND;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (intlOffsetMs(mid * MS_PER_SECOND) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, at: hi * MS_PER_SECOND };
  };

  return (instantMs: number): number => {
    if (Number.isNaN(instantMs)) throw new RangeError('Invalid instant: NaN');
    const instant = Math.min(Math.max(instantMs, -MAX_INSTANT), MAX_INSTANT);
    const dayIndex = Math.floor(instant / MS_PER_DAY);
    let entry = days.get(dayIndex);
    if (entry === undefined) {
      entry = computeDay(dayIndex);
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      days.set(dayIndex, entry);
    }
    const ms = typeof entry === 'number' ? entry : instant < entry.at ? entry.before : entry.after;
    return ms / MS_PER_MINUTE;
  };
}

/** One offset lookup (and Intl formatter) per zone as Intl resolves it, shared by its aliases. */
const offsetLookups = new Map<string, (instantMs: number) => number>();
/** Parsed zones by exact input, so per-row calls (e.g. from SQL functions) are a Map hit. */
const parsedZones = new Map<string, TimeZone>();
const MAX_PARSED_ZONES = 1_000;

function parseIanaZone(input: string): TimeZone | null {
  if (/^gmt[+-]/i.test(input) || !IANA_NAME_PATTERN.test(input)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (UTC_ALIASES.has(resolved)) return UTC;
  let offsetAt = offsetLookups.get(resolved);
  if (offsetAt === undefined) {
    offsetAt = createOffsetLookup(resolved);
    offsetLookups.set(resolved, offsetAt);
  }
  // Engines disagree on how they canonicalise links (V8 reports 'Asia/Kolkata' as
  // 'Asia/Calcutta', others do not). Take Intl's spelling only to fix letter case, so the same
  // input yields the same name on the server and in every browser.
  const name = resolved.toLowerCase() === input.toLowerCase() ? resolved : input;
  return Object.freeze({ name, fixedOffsetMinutes: null, offsetAt });
}

/**
 * Parses 'UTC', 'utc', 'UTC+3', 'UTC-2', 'UTC+5:30', 'UTC+05:30', 'UTC-03:00', 'UTC+0' (fixed
 * offsets within -12:00..+14:00) or an IANA name such as 'Europe/Sofia'. Returns null for
 * anything else, including empty strings and inputs longer than 64 characters.
 */
export function parseTimeZone(input: string): TimeZone | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_ZONE_INPUT_LENGTH) {
    return null;
  }
  const cached = parsedZones.get(input);
  if (cached !== undefined) return cached;
  const zone = /^utc/i.test(input) ? parseFixedZone(input) : parseIanaZone(input);
  if (zone !== null) {
    if (parsedZones.size >= MAX_PARSED_ZONES) parsedZones.clear();
    parsedZones.set(input, zone);
  }
  return zone;
}

function offsetMsAt(tz: TimeZone, instant: number): number {
  const fixed = tz.fixedOffsetMinutes;
  return Math.round((fixed ?? tz.offsetAt(instant)) * MS_PER_MINUTE);
}

/**
 * The first instant at which the wall clock in `tz` shows `localMs` or later. For ordinary wall
 * times that is the one matching instant; when clocks are set back and the wall time occurs
 * twice it is the earlier one; when it falls into a gap (clocks set forward) it is the moment
 * the gap ends, so a day whose midnight is skipped starts when the clocks jump.
 */
function wallToInstant(localMs: number, tz: TimeZone): number {
  const fixed = tz.fixedOffsetMinutes;
  if (fixed !== null) return localMs - Math.round(fixed * MS_PER_MINUTE);

  const earlyOffset = offsetMsAt(tz, localMs - MS_PER_DAY);
  const lateOffset = offsetMsAt(tz, localMs + MS_PER_DAY);
  if (earlyOffset === lateOffset) {
    const candidate = localMs - earlyOffset;
    if (offsetMsAt(tz, candidate) === earlyOffset) return candidate;
  }

  let best = Infinity;
  const offsets = [
    earlyOffset,
    lateOffset,
    offsetMsAt(tz, localMs - earlyOffset),
    offsetMsAt(tz, localMs - lateOffset),
  ];
  for (const offset of offsets) {
    const candidate = localMs - offset;
    if (candidate < best && offsetMsAt(tz, candidate) === offset) best = candidate;
  }
  if (best !== Infinity) return best;

  // In a gap: binary search the transition, the first instant whose wall time is >= localMs.
  const wallAt = (instant: number) => instant + offsetMsAt(tz, instant);
  let lo = localMs - Math.max(earlyOffset, lateOffset);
  let hi = localMs - Math.min(earlyOffset, lateOffset);
  if (wallAt(lo) >= localMs || wallAt(hi) < localMs) return localMs - earlyOffset;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(mid) >= localMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

function localEpochDay(instantMs: number, tz: TimeZone): number {
  if (!Number.isFinite(instantMs)) throw new RangeError(`Invalid instant: ${instantMs}`);
  return Math.floor((instantMs + offsetMsAt(tz, instantMs)) / MS_PER_DAY);
}

// ---------------------------------------------------------------------------------------------
// Calendar dates and period keys
// ---------------------------------------------------------------------------------------------

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a valid 'YYYY-MM-DD' within 1970..9999, else null. */
function parseCalendarDate(s: string): number | null {
  const match = DATE_PATTERN.exec(s);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return epochDay(year, month, day);
}

/** Calendar date 'YYYY-MM-DD' (years 1970..9999), validated (no 2023-02-29). */
export function isCalendarDate(s: string): boolean {
  return typeof s === 'string' && parseCalendarDate(s) !== null;
}

/**
 * A period as a position on its granularity's own number line, which makes shifting trivial:
 * day -> epoch day, week -> epoch day of its Monday, month -> year*12 + month-1,
 * quarter -> year*4 + quarter-1, year -> year.
 */
interface Slot {
  granularity: Granularity;
  ordinal: number;
}

/** A period in local calendar days [startDay, endDay) with its canonical key. */
interface LocalSpan {
  granularity: Granularity;
  key: string;
  startDay: number;
  endDay: number;
}

const FIRST_DAY = 0; // 1970-01-01
const LAST_DAY = epochDay(MAX_YEAR, 12, 31);

function inYearRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** The span of a slot, or null when its key would fall outside years 1970..9999. */
function spanOf(slot: Slot): LocalSpan | null {
  const { granularity, ordinal } = slot;
  if (!Number.isSafeInteger(ordinal)) return null;
  switch (granularity) {
    case 'day': {
      if (ordinal < FIRST_DAY || ordinal > LAST_DAY) return null;
      const { year, month, day } = civilOfEpochDay(ordinal);
      return {
        granularity,
        key: `${year}-${pad2(month)}-${pad2(day)}`,
        startDay: ordinal,
        endDay: ordinal + 1,
      };
    }
    case 'week': {
      const thursday = ordinal + 3;
      if (thursday < FIRST_DAY || thursday > LAST_DAY) return null;
      const isoYear = yearOfEpochDay(thursday);
      const week = Math.floor((thursday - firstDayOfYear(isoYear)) / 7) + 1;
      return {
        granularity,
        key: `${isoYear}-W${pad2(week)}`,
        startDay: ordinal,
        endDay: ordinal + 7,
      };
    }
    case 'month': {
      const year = Math.floor(ordinal / 12);
      if (!inYearRange(year)) return null;
      const month = ordinal - year * 12 + 1;
      const startDay = epochDay(year, month, 1);
      return {
        granularity,
        key: `${year}-${pad2(month)}`,
        startDay,
        endDay: startDay + daysInMonth(year, month),
      };
    }
    case 'quarter': {
      const year = Math.floor(ordinal / 4);
      if (!inYearRange(year)) return null;
      const quarter = ordinal - year * 4 + 1;
      const startDay = epochDay(year, quarter * 3 - 2, 1);
      const endDay = quarter === 4 ? firstDayOfYear(year + 1) : epochDay(year, quarter * 3 + 1, 1);
      return { granularity, key: `${year}-Q${quarter}`, startDay, endDay };
    }
    case 'year': {
      if (!inYearRange(ordinal)) return null;
      return {
        granularity,
        key: String(ordinal),
        startDay: firstDayOfYear(ordinal),
        endDay: firstDayOfYear(ordinal + 1),
      };
    }
    default:
      throw new RangeError(`Unknown granularity: ${String(granularity)}`);
  }
}

function slotOfDay(epoch: number, granularity: Granularity): Slot {
  switch (granularity) {
    case 'day':
      return { granularity, ordinal: epoch };
    case 'week':
      return { granularity, ordinal: epoch - isoWeekday(epoch) };
    case 'month': {
      const { year, month } = civilOfEpochDay(epoch);
      return { granularity, ordinal: year * 12 + month - 1 };
    }
    case 'quarter': {
      const { year, month } = civilOfEpochDay(epoch);
      return { granularity, ordinal: year * 4 + Math.floor((month - 1) / 3) };
    }
    case 'year':
      return { granularity, ordinal: yearOfEpochDay(epoch) };
    default:
      throw new RangeError(`Unknown granularity: ${String(granularity)}`);
  }
}

/** How far one step moves a slot's ordinal. */
function stepSize(granularity: Granularity): number {
  return granularity === 'week' ? 7 : 1;
}

const WEEK_KEY_PATTERN = /^(\d{4})-[Ww](\d{1,2})$/;
const MONTH_KEY_PATTERN = /^(\d{4})-(\d{2})$/;
const QUARTER_KEY_PATTERN = /^(\d{4})-[Qq]([1-4])$/;
const YEAR_KEY_PATTERN = /^\d{4}$/;

function parseSlot(input: string): Slot | null {
  if (typeof input !== 'string' || input.length > 10) return null;
  const day = parseCalendarDate(input);
  if (day !== null) return { granularity: 'day', ordinal: day };

  let match = WEEK_KEY_PATTERN.exec(input);
  if (match) {
    const year = Number(match[1]);
    const week = Number(match[2]);
    if (!inYearRange(year) || week < 1 || week > isoWeeksInYear(year)) return null;
    return { granularity: 'week', ordinal: firstMondayOfIsoYear(year) + (week - 1) * 7 };
  }
  match = MONTH_KEY_PATTERN.exec(input);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (!inYearRange(year) || month < 1 || month > 12) return null;
    return { granularity: 'month', ordinal: year * 12 + month - 1 };
  }
  match = QUARTER_KEY_PATTERN.exec(input);
  if (match) {
    const year = Number(match[1]);
    if (!inYearRange(year)) return null;
    return { granularity: 'quarter', ordinal: year * 4 + Number(match[2]) - 1 };
  }
  if (YEAR_KEY_PATTERN.test(input)) {
    const year = Number(input);
    return inYearRange(year) ? { granularity: 'year', ordinal: year } : null;
  }
  return null;
}

/**
 * Period keys: day '2022-09-05', ISO-8601 week '2022-W36' (canonically two digits, 'W06'; 'W6'
 * is accepted), month '2022-09', quarter '2022-Q3', year '2022'. Years 1970..9999. Returns null
 * for anything impossible, such as '2021-W53' or '2023-02-29'.
 */
export function parsePeriodKey(input: string): { granularity: Granularity; key: string } | null {
  const slot = parseSlot(input);
  if (slot === null) return null;
  const span = spanOf(slot);
  return span === null ? null : { granularity: span.granularity, key: span.key };
}

// ---------------------------------------------------------------------------------------------
// Periods as instants
// ---------------------------------------------------------------------------------------------

export interface Period {
  granularity: Granularity;
  /** Canonical key. */
  key: string;
  /** Instant (epoch ms) at which the period begins in the time zone. */
  start: number;
  /** Instant (epoch ms) at which the next period begins (exclusive end). */
  end: number;
}

function toPeriod(span: LocalSpan, tz: TimeZone): Period {
  return {
    granularity: span.granularity,
    key: span.key,
    start: wallToInstant(span.startDay * MS_PER_DAY, tz),
    end: wallToInstant(span.endDay * MS_PER_DAY, tz),
  };
}

export function periodFromKey(key: string, tz: TimeZone): Period | null {
  const slot = parseSlot(key);
  const span = slot === null ? null : spanOf(slot);
  return span === null ? null : toPeriod(span, tz);
}

/**
 * The period of `granularity` holding `instantMs` in `tz`. Throws a RangeError for non-finite
 * instants and for periods whose key would fall outside years 1970..9999.
 */
export function periodOfInstant(instantMs: number, granularity: Granularity, tz: TimeZone): Period {
  const span = spanOf(slotOfDay(localEpochDay(instantMs, tz), granularity));
  if (span === null) throw new RangeError(`Instant ${instantMs} is outside years 1970..9999`);
  return toPeriod(span, tz);
}

/**
 * The period `steps` periods after (or, when negative, before) `period`. Throws a RangeError
 * for a non-integer step, an invalid key, or a result outside years 1970..9999.
 */
export function shiftPeriod(period: Period, steps: number, tz: TimeZone): Period {
  if (!Number.isSafeInteger(steps)) throw new RangeError(`Invalid step count: ${steps}`);
  const slot = parseSlot(period.key);
  if (slot === null || slot.granularity !== period.granularity) {
    throw new RangeError(`Invalid ${period.granularity} key: ${period.key}`);
  }
  const shifted = spanOf({
    granularity: slot.granularity,
    ordinal: slot.ordinal + steps * stepSize(slot.granularity),
  });
  if (shifted === null) throw new RangeError(`Shifted period is outside years 1970..9999`);
  return toPeriod(shifted, tz);
}

/** Local calendar date of an instant in tz, 'YYYY-MM-DD'. Throws for non-finite instants. */
export function localDate(instantMs: number, tz: TimeZone): string {
  return formatEpochDay(localEpochDay(instantMs, tz));
}

/**
 * Instant at which the local calendar day `date` begins in tz: local midnight, or, where
 * midnight is skipped by a clock change, the moment the clocks jump. Throws for invalid dates.
 */
export function startOfLocalDay(date: string, tz: TimeZone): number {
  const day = parseCalendarDate(date);
  if (day === null) throw new RangeError(`Invalid calendar date: ${date}`);
  return wallToInstant(day * MS_PER_DAY, tz);
}

function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? '';
}

/**
 * Human label: '5 Sep 2022', 'W36 2022' (no leading zero: 'W6 2022'), 'Sep 2022', 'Q3 2022',
 * '2022'. English only, no Intl. Throws a RangeError for an invalid key.
 */
export function periodLabel(key: string): string {
  const slot = parseSlot(key);
  const span = slot === null ? null : spanOf(slot);
  if (span === null) throw new RangeError(`Invalid period key: ${key}`);
  switch (span.granularity) {
    case 'day': {
      const { year, month, day } = civilOfEpochDay(span.startDay);
      return `${day} ${monthName(month)} ${year}`;
    }
    case 'week': {
      const [isoYear, week] = span.key.split('-W');
      return `W${Number(week)} ${isoYear}`;
    }
    case 'month': {
      const { year, month } = civilOfEpochDay(span.startDay);
      return `${monthName(month)} ${year}`;
    }
    case 'quarter':
      return `${span.key.slice(5)} ${span.key.slice(0, 4)}`;
    case 'year':
      return span.key;
  }
}

// ---------------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------------

/**
 * Compensated (Neumaier) summation: KPI sums over many fractional values should not drift,
 * e.g. 0.1 + 0.2 + 0.3 gives 0.6 rather than 0.6000000000000001.
 */
function accurateSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  // With infinities or NaN the compensation term is meaningless; the plain sum is right.
  return Number.isFinite(sum) ? sum + compensation : sum;
}

/**
 * Aggregate values already in time order (oldest first). Empty -> null. 'last' is the last
 * element; 'average' the arithmetic mean. NaN propagates, as with Math.min/Math.max.
 */
export function aggregate(
  valuesInTimeOrder: readonly number[],
  aggregation: Aggregation,
): number | null {
  const count = valuesInTimeOrder.length;
  if (count === 0) return null;
  switch (aggregation) {
    case 'last':
      return valuesInTimeOrder[count - 1] ?? null;
    case 'sum':
      return accurateSum(valuesInTimeOrder);
    case 'average':
      return accurateSum(valuesInTimeOrder) / count;
    case 'min': {
      let result = Infinity;
      for (const value of valuesInTimeOrder) result = Math.min(result, value);
      return result;
    }
    case 'max': {
      let result = -Infinity;
      for (const value of valuesInTimeOrder) result = Math.max(result, value);
      return result;
    }
    default:
      throw new RangeError(`Unknown aggregation: ${String(aggregation)}`);
  }
}

/**
 * (current - base) / |base| * 100, so a rise is positive even from a negative base. Null when
 * either side is missing or not finite, or base is 0 (no meaningful percentage).
 */
export function deltaPercentage(
  current: number | null | undefined,
  base: number | null | undefined,
): number | null {
  if (current === null || current === undefined || base === null || base === undefined) {
    return null;
  }
  if (!Number.isFinite(current) || !Number.isFinite(base) || base === 0) return null;
  return ((current - base) / Math.abs(base)) * 100;
}

export interface GroupedValue {
  /** Canonical period key. */
  group: string;
  value: number;
  /** Number of snapshots in the period. */
  count: number;
  start: number;
  end: number;
}

interface Bucket {
  span: LocalSpan;
  values: number[];
}

/**
 * Groups snapshots (sorted by instant ascending, ties keep input order) into periods of
 * `granularity` in tz, aggregating each period; periods without snapshots are absent; result in
 * time order. Throws a RangeError for a non-finite instant or one outside years 1970..9999.
 */
export function groupSnapshots(
  snapshots: readonly { instant: number; value: number }[],
  granularity: Granularity,
  tz: TimeZone,
  aggregation: Aggregation,
): GroupedValue[] {
  // Array.prototype.sort is stable, which keeps equal instants in input order.
  const sorted = [...snapshots].sort((a, b) => a.instant - b.instant);
  const buckets = new Map<string, Bucket>();
  let current: Bucket | null = null;
  for (const snapshot of sorted) {
    const day = localEpochDay(snapshot.instant, tz);
    // Consecutive snapshots mostly share a period; a day-range check avoids rebuilding its key.
    if (current === null || day < current.span.startDay || day >= current.span.endDay) {
      const span = spanOf(slotOfDay(day, granularity));
      if (span === null) {
        throw new RangeError(`Instant ${snapshot.instant} is outside years 1970..9999`);
      }
      current = buckets.get(span.key) ?? null;
      if (current === null) {
        current = { span, values: [] };
        buckets.set(span.key, current);
      }
    }
    current.values.push(snapshot.value);
  }
  const result: GroupedValue[] = [];
  for (const { span, values } of buckets.values()) {
    const period = toPeriod(span, tz);
    result.push({
      group: span.key,
      value: aggregate(values, aggregation) ?? Number.NaN,
      count: values.length,
      start: period.start,
      end: period.end,
    });
  }
  // Local dates only go backwards in freak zones that repeat an hour across midnight.
  return result.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Statistics windows
// ---------------------------------------------------------------------------------------------

export interface StatisticsWindow {
  start: number;
  end: number;
  label: string;
}

const ALL_TIME: StatisticsWindow = Object.freeze({
  start: -MAX_INSTANT,
  end: MAX_INSTANT,
  label: 'All time',
});

function threeMonthLabel(first: LocalSpan, last: LocalSpan): string {
  const from = civilOfEpochDay(first.startDay);
  const to = civilOfEpochDay(last.startDay);
  return from.year === to.year
    ? `${monthName(from.month)}–${monthName(to.month)} ${to.year}`
    : `${monthName(from.month)} ${from.year}–${monthName(to.month)} ${to.year}`;
}

/**
 * Windows for KPI statistics at instant `now` in tz.
 * - week/month/year: current = the calendar week (ISO, Monday first)/month/year holding now;
 *   previous = the one before; beforePrevious = the one before that.
 * - three-months: current = the month holding now and the two before it; previous = the three
 *   months before those; beforePrevious likewise.
 * - all-time: current spans every representable instant; previous and beforePrevious are null.
 * Labels use periodLabel, or 'Jul–Sep 2022' / 'Nov 2022–Jan 2023' (en dash) for three months.
 * A previous window that would begin before 1970 is null; `now` itself must be in range.
 */
export function statisticsWindows(
  type: StatisticsType,
  now: number,
  tz: TimeZone,
): {
  current: StatisticsWindow;
  previous: StatisticsWindow | null;
  beforePrevious: StatisticsWindow | null;
} {
  if (type === 'all-time')
    return { current: { ...ALL_TIME }, previous: null, beforePrevious: null };

  const day = localEpochDay(now, tz);
  let windowAt: (back: number) => StatisticsWindow | null;
  if (type === 'three-months') {
    const { ordinal } = slotOfDay(day, 'month');
    windowAt = (back) => {
      const last = spanOf({ granularity: 'month', ordinal: ordinal - 3 * back });
      const first = spanOf({ granularity: 'month', ordinal: ordinal - 3 * back - 2 });
      if (first === null || last === null) return null;
      return {
        start: wallToInstant(first.startDay * MS_PER_DAY, tz),
        end: wallToInstant(last.endDay * MS_PER_DAY, tz),
        label: threeMonthLabel(first, last),
      };
    };
  } else if (type === 'week' || type === 'month' || type === 'year') {
    const { granularity, ordinal } = slotOfDay(day, type);
    windowAt = (back) => {
      const span = spanOf({ granularity, ordinal: ordinal - back * stepSize(granularity) });
      if (span === null) return null;
      const { start, end } = toPeriod(span, tz);
      return { start, end, label: periodLabel(span.key) };
    };
  } else {
    throw new RangeError(`Unknown statistics type: ${String(type)}`);
  }

  const current = windowAt(0);
  if (current === null) throw new RangeError(`Instant ${now} is outside years 1970..9999`);
  return { current, previous: windowAt(1), beforePrevious: windowAt(2) };
}
