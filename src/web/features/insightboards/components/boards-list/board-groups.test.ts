import { describe, expect, it } from 'vitest';
import { UTC, parseTimeZone } from '../../../../../contract/periods.ts';
import {
  archivedBoards,
  boardPath,
  describeItems,
  formatUpdated,
  groupBoards,
  knownLabels,
  matchesSearch,
  type TagUsage,
} from './board-groups.ts';
import { listedBoard, testLabel } from './fixtures.ts';

const leadership = testLabel('leadership', 'Leadership');
const weekly = testLabel('weekly-review', 'Weekly review');
const sales = testLabel('sales', 'Sales');

const EXEC = listedBoard('1'.repeat(24), 'Executive overview', { tags: [leadership, weekly] });
const PIPELINE = listedBoard('2'.repeat(24), 'Sales pipeline', { tags: [sales, weekly] });
const SCRATCH = listedBoard('3'.repeat(24), 'scratch pad');
const ALPHA = listedBoard('4'.repeat(24), 'Alpha', { tags: [weekly] });
const PERFORMANCE = listedBoard('5'.repeat(24), 'Performance report', {
  isReport: true,
  tag: 'performance-report',
});
const PROCESS = listedBoard('6'.repeat(24), 'Process report', {
  isReport: true,
  tag: 'process-report',
});

const usage = (tagName: string, tagTitle: string, ids: string[]): TagUsage => ({
  tagName,
  tagTitle,
  dashboardsCount: ids.length,
  dashboardsIds: ids,
});

const USAGES = [
  usage('leadership', 'Leadership', [EXEC.id]),
  usage('sales', 'Sales', [PIPELINE.id]),
  usage('weekly-review', 'Weekly review', [EXEC.id, PIPELINE.id, ALPHA.id]),
];
const REPORTS = [
  { id: PERFORMANCE.id, name: 'Performance report' },
  { id: PROCESS.id, name: 'Process report' },
];

const summary = (sections: ReturnType<typeof groupBoards>) =>
  sections.map((s) => [s.title, s.boards.map((b) => b.name)]);

describe('groupBoards', () => {
  it('lists the reports, then a section per label in usage order, then the boards without one', () => {
    const sections = groupBoards(
      [PROCESS, SCRATCH, PIPELINE, EXEC, ALPHA, PERFORMANCE],
      USAGES,
      REPORTS,
    );
    expect(summary(sections)).toEqual([
      ['Reports', ['Performance report', 'Process report']],
      ['Leadership', ['Executive overview']],
      ['Sales', ['Sales pipeline']],
      ['Weekly review', ['Alpha', 'Executive overview', 'Sales pipeline']],
      ['Other boards', ['scratch pad']],
    ]);
    expect(sections.map((s) => s.kind)).toEqual(['reports', 'label', 'label', 'label', 'other']);
  });

  it('titles a section with the usage’s tagTitle', () => {
    const sections = groupBoards([EXEC], [usage('leadership', 'Leaders & managers', [EXEC.id])]);
    expect(sections[0]?.title).toBe('Leaders & managers');
  });

  it('places a board by the usage’s ids even when the board’s own labels lag behind', () => {
    const sections = groupBoards([SCRATCH], [usage('sales', 'Sales', [SCRATCH.id])]);
    expect(summary(sections)).toEqual([['Sales', ['scratch pad']]]);
  });

  it('groups by the boards’ own labels when the usages are missing', () => {
    expect(summary(groupBoards([PIPELINE, SCRATCH]))).toEqual([
      ['Sales', ['Sales pipeline']],
      ['Weekly review', ['Sales pipeline']],
      ['Other boards', ['scratch pad']],
    ]);
  });

  it('adds labels the usages do not know after theirs, by title', () => {
    const sections = groupBoards([EXEC, PIPELINE], [usage('weekly-review', 'Weekly review', [])]);
    expect(sections.map((s) => s.title)).toEqual(['Weekly review', 'Leadership', 'Sales']);
  });

  it('makes no section for a label that only boards outside the list carry', () => {
    const gone = '9'.repeat(24);
    const sections = groupBoards([SCRATCH], [usage('old', 'Old stuff', [gone])]);
    expect(summary(sections)).toEqual([['Other boards', ['scratch pad']]]);
  });

  it('keeps reports out of the label sections, and orders them as the reports endpoint does', () => {
    const labelled = { ...PROCESS, tags: [sales] };
    const sections = groupBoards(
      [labelled, PERFORMANCE],
      [usage('sales', 'Sales', [labelled.id])],
      [REPORTS[1]!, REPORTS[0]!],
    );
    expect(summary(sections)).toEqual([['Reports', ['Process report', 'Performance report']]]);
  });

  it('counts a board the reports endpoint names as a report even without the flag', () => {
    const sections = groupBoards([{ ...PERFORMANCE, isReport: false }], [], REPORTS);
    expect(sections.map((s) => s.kind)).toEqual(['reports']);
  });

  it('leaves archived boards out of the active sections', () => {
    const sections = groupBoards([{ ...SCRATCH, archived: true }, EXEC], USAGES);
    expect(sections.flatMap((s) => s.boards.map((b) => b.name))).toEqual([
      'Executive overview',
      'Executive overview',
    ]);
  });

  it('answers no sections for no boards', () => {
    expect(groupBoards([], USAGES, REPORTS)).toEqual([]);
  });
});

describe('archivedBoards', () => {
  it('sorts by name ignoring case and leaves out anything claiming to be a report', () => {
    const boards = [EXEC, SCRATCH, { ...PERFORMANCE, archived: true }, ALPHA];
    expect(archivedBoards(boards).map((b) => b.name)).toEqual([
      'Alpha',
      'Executive overview',
      'scratch pad',
    ]);
  });
});

describe('matchesSearch', () => {
  it('matches names, tags and label titles, ignoring case and surrounding spaces', () => {
    expect(matchesSearch(EXEC, '  OVERVIEW ')).toBe(true);
    expect(matchesSearch(PERFORMANCE, 'performance-rep')).toBe(true);
    expect(matchesSearch(PIPELINE, 'weekly rev')).toBe(true);
    expect(matchesSearch(SCRATCH, 'weekly')).toBe(false);
    expect(matchesSearch(SCRATCH, '')).toBe(true);
  });
});

describe('knownLabels', () => {
  it('joins the usages and the boards’ labels once each, by title', () => {
    const labels = knownLabels(
      [usage('weekly-review', 'Weekly review', [])],
      [EXEC, { ...PIPELINE, tags: [testLabel('Sales', 'Sales')] }],
    );
    expect(labels).toEqual([
      { name: 'leadership', title: 'Leadership' },
      { name: 'Sales', title: 'Sales' },
      { name: 'weekly-review', title: 'Weekly review' },
    ]);
  });
});

describe('list texts', () => {
  it('counts items', () => {
    expect(describeItems(0)).toBe('No items');
    expect(describeItems(1)).toBe('1 item');
    expect(describeItems(1200)).toBe('1,200 items');
  });

  it('gives the day of the last update in the page’s time zone', () => {
    expect(formatUpdated('2026-03-05T22:30:00.000Z', UTC)).toBe('5 Mar 2026');
    expect(formatUpdated('2026-03-05T22:30:00.000Z', parseTimeZone('UTC+3')!)).toBe('6 Mar 2026');
    expect(formatUpdated('not a date', UTC)).toBeNull();
  });

  it('links to the board by its tag', () => {
    expect(boardPath('q3 plan/x')).toBe('/insightboards/q3%20plan%2Fx');
  });
});
