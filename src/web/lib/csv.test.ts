import { describe, expect, it } from 'vitest';
import { detectSeparator, parseCsvRecords, parseNumber, parseSnapshotCsv } from './csv.ts';

describe('detectSeparator', () => {
  it.each([
    ['2022-09,5\n2022-10,6', ','],
    ['period;value\n2022-09;5,5', ';'],
    ['2022-09\t5,5', '\t'],
    ['"a;b",1\n2022-09,2', ','],
    ['', ','],
  ] as const)('reads %j as %j', (text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe('parseCsvRecords', () => {
  it('splits records and trims unquoted fields', () => {
    expect(parseCsvRecords(' a , b \nc,d', ',')).toEqual([
      { line: 1, fields: ['a', 'b'], unclosedQuote: false },
      { line: 2, fields: ['c', 'd'], unclosedQuote: false },
    ]);
  });

  it('reads quoted fields with separators, quotes and line breaks', () => {
    const records = parseCsvRecords('"a,1";"say ""hi"""\n"two\nlines";x\nlast;y', ';');
    expect(records.map((r) => r.fields)).toEqual([
      ['a,1', 'say "hi"'],
      ['two\nlines', 'x'],
      ['last', 'y'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips blank lines, handles CRLF and a byte order mark, and keeps line numbers', () => {
    const records = parseCsvRecords('\uFEFFa,1\r\n\r\n  \r\n,\r\nb,2\r\n', ',');
    expect(records).toEqual([
      { line: 1, fields: ['a', '1'], unclosedQuote: false },
      { line: 5, fields: ['b', '2'], unclosedQuote: false },
    ]);
  });

  it('flags a quote that is never closed', () => {
    const records = parseCsvRecords('a,1\nb,"2', ',');
    expect(records[1]).toEqual({ line: 2, fields: ['b', '2'], unclosedQuote: true });
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    [' -3.5 ', -3.5],
    ['+4', 4],
    ['\u22127', -7],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1,234.5', 1234.5],
    ['1 234 567', 1234567],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each([['1,5'], ['abc'], [''], ['12%'], ['1.2.3'], ['Infinity'], ['0x10'], ['1e999']])(
    'refuses %j without a decimal comma',
    (text) => {
      expect(parseNumber(text)).toBeNull();
    },
  );

  it.each([
    ['1,5', 1.5],
    ['-0,25', -0.25],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1.5', 1.5],
    ['1.234', 1.234],
    ['1,234.5', 1234.5],
  ])('reads %j with a decimal comma as %d', (text, value) => {
    expect(parseNumber(text, { decimalComma: true })).toBe(value);
  });
});

describe('parseSnapshotCsv', () => {
  it('reads rows without a header', () => {
    const preview = parseSnapshotCsv('2022-09-05,12.5\n2022-w36,3\n2022-q3,-1\n2022,0');
    expect(preview.header).toBeNull();
    expect(preview.rows.map((r) => (r.status === 'ok' ? [r.group, r.number] : r.error))).toEqual([
      ['2022-09-05', 12.5],
      ['2022-W36', 3],
      ['2022-Q3', -1],
      ['2022', 0],
    ]);
    expect(preview).toMatchObject({ ready: 4, errors: 0, tooMany: false, separator: ',' });
  });

  it('skips a header row and reads decimal commas with ;', () => {
    const preview = parseSnapshotCsv('Period;Value\n2022-09;"1.234,5"\n2022-10;7,25\n');
    expect(preview.header).toEqual(['Period', 'Value']);
    expect(preview.rows.map((r) => (r.status === 'ok' ? r.number : r.error))).toEqual([
      1234.5, 7.25,
    ]);
    expect(preview.rows[0]?.line).toBe(2);
  });

  it('does not take a broken first data row for a header', () => {
    const preview = parseSnapshotCsv('2022-13,abc\n2022-09,1');
    expect(preview.header).toBeNull();
    expect(preview.rows).toHaveLength(2);
    expect(preview.rows[0]).toMatchObject({ status: 'error', line: 1 });
  });

  it('reports each row’s problem', () => {
    const preview = parseSnapshotCsv(
      [
        'period,value',
        '2022-09,12',
        '2021-W53,5',
        '2022-10,twelve',
        ',4',
        '2022-11,',
        '2022-12,1,5',
        '2023-01,"1,000"',
        '2023-02,3,',
      ].join('\n'),
    );
    expect(
      preview.rows.map((r) => [r.line, r.status === 'ok' ? 'ok' : r.error.split(':')[0]]),
    ).toEqual([
      [2, 'ok'],
      [3, 'Unknown period key “2021-W53”'],
      [4, '“twelve” is not a number'],
      [5, 'The period is empty'],
      [6, 'The value is empty'],
      [7, 'Expected 2 columns (period and value), found 3'],
      [8, 'ok'],
      [9, 'ok'],
    ]);
    expect(preview).toMatchObject({ ready: 3, errors: 5 });
  });

  it('reads tab-separated text pasted from a spreadsheet', () => {
    const preview = parseSnapshotCsv('2022-09\t1,5\n2022-10\t2');
    expect(preview.separator).toBe('\t');
    expect(preview.rows.map((r) => r.status === 'ok' && r.number)).toEqual([1.5, 2]);
  });

  it('says when there are more rows than one import may hold', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `${1970 + (i % 100)},${i}`);
    expect(parseSnapshotCsv(rows.join('\n')).tooMany).toBe(true);
    expect(parseSnapshotCsv(rows.slice(1).join('\n')).tooMany).toBe(false);
  });

  it('is empty for blank text', () => {
    expect(parseSnapshotCsv(' \n\n')).toMatchObject({ rows: [], ready: 0, errors: 0 });
  });
});
