import { MAX_IMPORT_ROWS } from '../../contract/kpis.ts';
import { parsePeriodKey } from '../../contract/periods.ts';

/**
 * CSV of KPI values, `period,value` per line, read in the browser so that a person sees every
 * row's fate before anything is saved.
 */

export type Separator = ',' | ';' | '\t';

export interface CsvRecord {
  /** The line the record begins on, counting from 1. */
  line: number;
  fields: string[];
  /** The record ends inside a quoted field. */
  unclosedQuote: boolean;
}

/**
 * The separator of the first lines: a tab (what spreadsheets put on the clipboard), else a
 * semicolon (what they export where the decimal mark is a comma), else a comma.
 */
export function detectSeparator(text: string): Separator {
  const sample = text
    .replace(/"[^"]*"/g, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 10);
  if (sample.some((line) => line.includes('\t'))) return '\t';
  if (sample.some((line) => line.includes(';'))) return ';';
  return ',';
}

/**
 * RFC 4180 records: fields may be quoted, with `""` for a quote and separators or line breaks
 * inside; unquoted fields are trimmed; blank lines are skipped.
 */
export function parseCsvRecords(text: string, separator: Separator): CsvRecord[] {
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;

  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = (unclosedQuote: boolean) => {
    endField();
    if (fields.some((f) => f.trim() !== '')) {
      records.push({ line: recordLine, fields, unclosedQuote });
    }
    fields = [];
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (inQuotes) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && !quoted && field.trim() === '') {
      inQuotes = true;
      quoted = true;
      field = '';
    } else if (c === separator) {
      endField();
    } else if (c === '\n') {
      endRecord(false);
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (inQuotes || field !== '' || fields.length > 0) endRecord(inQuotes);
  return records;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const COMMA_GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DOT_GROUPED = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;

/**
 * A number as people write it: `1234.5`, `-3`, `1,234.5`, `1 234.5`, `1e3`, and with
 * `decimalComma` also `1234,5` and `1.234,5`. Null for anything else, blanks included.
 */
export function parseNumber(input: string, { decimalComma = false } = {}): number | null {
  let text = input
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/^\u2212/, '-');
  if (text === '') return null;
  // `1.234` alone stays 1.234: a dot is read as grouping only beside a decimal comma or repeated.
  const dotGrouped = DOT_GROUPED.test(text) && (text.includes(',') || /\..*\./.test(text));
  if (decimalComma && (dotGrouped || /^[^.]*,[^.,]*$/.test(text))) {
    text = text.replaceAll('.', '').replace(',', '.');
  } else if (COMMA_GROUPED.test(text)) {
    text = text.replaceAll(',', '');
  }
  if (!PLAIN_NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export type ImportRow =
  | { status: 'ok'; line: number; period: string; value: string; group: string; number: number }
  | { status: 'error'; line: number; period: string; value: string; error: string };

export interface ImportPreview {
  rows: ImportRow[];
  separator: Separator;
  /** The header row that was skipped, if there was one. */
  header: string[] | null;
  ready: number;
  errors: number;
  /** More data rows than one import may hold. */
  tooMany: boolean;
}

export const PERIOD_FORMATS = '2022-09-05, 2022-W36, 2022-09, 2022-Q3 or 2022';

/** A first record that names its columns rather than holding a value. */
function isHeader(record: CsvRecord, decimalComma: boolean): boolean {
  const [period = '', value = ''] = record.fields.map((f) => f.trim());
  return (
    parsePeriodKey(period) === null &&
    !/^\d/.test(period) &&
    parseNumber(value, { decimalComma }) === null
  );
}

function rowOf(record: CsvRecord, decimalComma: boolean): ImportRow {
  const [rawPeriod = '', rawValue = '', ...rest] = record.fields;
  const period = rawPeriod.trim();
  const value = rawValue.trim();
  const base = { line: record.line, period, value };
  const fail = (error: string): ImportRow => ({ status: 'error', ...base, error });

  if (record.unclosedQuote) return fail('A quoted field is not closed');
  const extra = rest.filter((f) => f.trim() !== '').length;
  if (extra > 0) {
    return fail(
      `Expected 2 columns (period and value), found ${2 + extra}` +
        (decimalComma ? '' : ': quote values with a decimal comma, or separate with ;'),
    );
  }
  if (period === '') return fail('The period is empty');
  if (value === '') return fail('The value is empty');
  const key = parsePeriodKey(period);
  if (key === null) return fail(`Unknown period key “${period}”: use ${PERIOD_FORMATS}`);
  const number = parseNumber(value, { decimalComma });
  if (number === null) return fail(`“${value}” is not a number`);
  return { status: 'ok', ...base, group: key.key, number };
}

/** Reads `period,value` rows: header optional, `,` `;` or tab separated, blank lines ignored. */
export function parseSnapshotCsv(text: string): ImportPreview {
  const separator = detectSeparator(text);
  const decimalComma = separator !== ',';
  const records = parseCsvRecords(text, separator);
  const first = records[0];
  const header = first && isHeader(first, decimalComma) ? first.fields : null;
  const rows = (header ? records.slice(1) : records).map((r) => rowOf(r, decimalComma));
  const errors = rows.filter((r) => r.status === 'error').length;
  return {
    rows,
    separator,
    header,
    ready: rows.length - errors,
    errors,
    tooMany: rows.length > MAX_IMPORT_ROWS,
  };
}
