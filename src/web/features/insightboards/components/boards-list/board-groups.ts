import type { z } from 'zod';
import type { Dashboard, DashboardTagUsages } from '../../../../../contract/dashboards.ts';
import { localDate, periodLabel, type TimeZone } from '../../../../../contract/periods.ts';

export type TagUsage = z.infer<typeof DashboardTagUsages>['items'][number];
export interface ReportRef {
  id: string;
  name: string;
}

/** A board as the list shows it: the fields it reads, so tests and callers need no full board. */
export type ListedBoard = Pick<
  Dashboard,
  | 'id'
  | 'name'
  | 'tag'
  | 'tags'
  | 'archived'
  | 'isReport'
  | 'insightsCount'
  | 'sectionHeadersCount'
  | 'dateUpdated'
>;

export interface BoardSection<B extends ListedBoard = ListedBoard> {
  /** Stable across renders: `reports`, `label:<name>`, `other`. */
  key: string;
  kind: 'reports' | 'label' | 'other';
  title: string;
  boards: B[];
}

/** The board's own page. */
export const boardPath = (tag: string) => `/insightboards/${encodeURIComponent(tag)}`;

const byName = (a: ListedBoard, b: ListedBoard) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);

const labelKey = (name: string) => name.trim().toLowerCase();

/** Search text matches a board's name, its tag or one of its labels, ignoring case. */
export function matchesSearch(board: ListedBoard, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return (
    board.name.toLowerCase().includes(needle) ||
    board.tag.toLowerCase().includes(needle) ||
    board.tags.some(
      (label) =>
        label.title.toLowerCase().includes(needle) || label.name.toLowerCase().includes(needle),
    )
  );
}

/**
 * The sections of the board list: the reports first (in the order the reports endpoint gives,
 * Performance then Process), then one section per label in the order of the tag usages and titled
 * with their `tagTitle`, then "Other boards" for boards without a label.
 *
 * A board with two labels is listed under both. A label is taken from the usages and from the
 * boards' own labels, so a list that arrives before its usages (or without them) still groups;
 * labels that only archived boards carry make no empty section.
 */
export function groupBoards<B extends ListedBoard>(
  boards: readonly B[],
  usages: readonly TagUsage[] = [],
  reports: readonly ReportRef[] = [],
): BoardSection<B>[] {
  const reportOrder = new Map(reports.map((report, i) => [report.id, i]));
  const isReport = (board: B) => board.isReport || reportOrder.has(board.id);

  const reportBoards = boards
    .filter(isReport)
    .sort(
      (a, b) =>
        (reportOrder.get(a.id) ?? reportOrder.size) - (reportOrder.get(b.id) ?? reportOrder.size) ||
        byName(a, b),
    );
  const regular = boards.filter((board) => !isReport(board) && !board.archived);

  // Labels in usage order, then labels only the boards know about, by title.
  const labels = new Map<string, { title: string; ids: Set<string> }>();
  for (const usage of usages) {
    if (!usage.tagName) continue;
    const key = labelKey(usage.tagName);
    const known = labels.get(key);
    const ids = known?.ids ?? new Set<string>();
    for (const id of usage.dashboardsIds ?? []) ids.add(id);
    labels.set(key, { title: known?.title || usage.tagTitle?.trim() || usage.tagName, ids });
  }
  const unlisted = new Map<string, string>();
  for (const board of regular) {
    for (const label of board.tags) {
      const key = labelKey(label.name);
      if (!labels.has(key) && !unlisted.has(key)) unlisted.set(key, label.title || label.name);
    }
  }
  [...unlisted]
    .sort(([, a], [, b]) => a.localeCompare(b, undefined, { sensitivity: 'base' }))
    .forEach(([key, title]) => labels.set(key, { title, ids: new Set() }));

  const placed = new Set<string>();
  const labelled: BoardSection<B>[] = [];
  for (const [key, label] of labels) {
    const members = regular
      .filter(
        (board) => label.ids.has(board.id) || board.tags.some((t) => labelKey(t.name) === key),
      )
      .sort(byName);
    if (members.length === 0) continue;
    members.forEach((board) => placed.add(board.id));
    labelled.push({ key: `label:${key}`, kind: 'label', title: label.title, boards: members });
  }

  const others = regular.filter((board) => !placed.has(board.id)).sort(byName);
  return [
    ...(reportBoards.length > 0
      ? [{ key: 'reports', kind: 'reports' as const, title: 'Reports', boards: reportBoards }]
      : []),
    ...labelled,
    ...(others.length > 0
      ? [{ key: 'other', kind: 'other' as const, title: 'Other boards', boards: others }]
      : []),
  ];
}

/** Archived boards by name; reports are never archived, so one that claims to be is left out. */
export function archivedBoards<B extends ListedBoard>(boards: readonly B[]): B[] {
  return boards.filter((board) => !board.isReport).sort(byName);
}

/** Every label the account knows, from the usages and the boards, for reuse when typing labels. */
export function knownLabels(
  usages: readonly TagUsage[],
  boards: readonly ListedBoard[],
): { name: string; title: string }[] {
  const labels = new Map<string, { name: string; title: string }>();
  for (const usage of usages) {
    if (usage.tagName)
      labels.set(labelKey(usage.tagName), {
        name: usage.tagName,
        title: usage.tagTitle || usage.tagName,
      });
  }
  for (const board of boards) {
    for (const label of board.tags) {
      const key = labelKey(label.name);
      if (!labels.has(key)) labels.set(key, { name: label.name, title: label.title || label.name });
    }
  }
  return [...labels.values()].sort((a, b) =>
    a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }),
  );
}

const countFormat = new Intl.NumberFormat('en');

/** '1 item', '12 items', 'No items'. */
export function describeItems(count: number): string {
  if (count === 0) return 'No items';
  return `${countFormat.format(count)} ${count === 1 ? 'item' : 'items'}`;
}

/** The day of the last update in the page's time zone: '5 Sep 2026'. */
export function formatUpdated(iso: string, tz: TimeZone): string | null {
  const instant = Date.parse(iso);
  return Number.isFinite(instant) ? periodLabel(localDate(instant, tz)) : null;
}
