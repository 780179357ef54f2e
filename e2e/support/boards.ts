import type { Page } from '@playwright/test';
import {
  api,
  createKpi,
  expect,
  isoWeek,
  recordValue,
  type Account,
  type SeededKpi,
} from './fixtures.ts';

/** A board's placement of one item or section header, as the API answers it. */
export interface Placement {
  row: number;
  col: number;
  sizeX: number;
  sizeY: number;
}

export interface BoardRead {
  id: string;
  name: string;
  tag: string;
  archived: boolean;
  tags: { name: string; title: string }[];
  insights: (Placement & {
    id: string;
    type: string;
    insightTitle: string;
    settings: { name: string; value: string }[];
  })[];
  sectionHeaders: (Placement & { sectionHeader: { header: string } })[];
}

/** An item to seed: a number tile or a chart of some KPIs, by week. */
export interface SeedItem extends Placement {
  type: 'kpi-number' | 'kpi-chart';
  title: string;
  kpiIds: string[];
}

export function createBoard(
  account: Account,
  body: { name: string; tag?: string; labels?: string[]; items?: SeedItem[] },
): Promise<BoardRead> {
  return api<BoardRead>(account, 'POST', '/v1/dashboards', {
    name: body.name,
    ...(body.tag ? { tag: body.tag } : {}),
    ...(body.labels ? { tags: body.labels.map((title) => ({ name: slug(title), title })) } : {}),
    insights: (body.items ?? []).map((item) => ({
      type: item.type,
      insightTitle: item.title,
      settings: [
        { name: 'kpiIds', value: item.kpiIds.join(',') },
        { name: 'groupBy', value: 'week' },
        { name: 'range', value: 'last-12-weeks' },
      ],
      row: item.row,
      col: item.col,
      sizeX: item.sizeX,
      sizeY: item.sizeY,
    })),
  });
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function boardByTag(account: Account, tag: string): Promise<BoardRead> {
  return api<BoardRead>(account, 'GET', `/v1/dashboards/tag/${tag}`);
}

/** Where each item of the board sits, by its title. */
export async function placementsByTitle(
  account: Account,
  tag: string,
): Promise<Record<string, Placement>> {
  const board = await boardByTag(account, tag);
  return Object.fromEntries(
    board.insights.map((item) => [
      item.insightTitle,
      { row: item.row, col: item.col, sizeX: item.sizeX, sizeY: item.sizeY },
    ]),
  );
}

/**
 * A KPI with a value in each of the last `values.length` weeks (the last one is this week), as
 * seen from UTC.
 */
export async function kpiWithWeeklyValues(
  account: Account,
  body: { name: string } & Record<string, unknown>,
  values: readonly number[],
): Promise<SeededKpi> {
  const kpi = await createKpi(account, body);
  const now = new Date();
  for (const [index, value] of values.entries()) {
    await recordValue(account, kpi.id, isoWeek(now, values.length - 1 - index).key, value);
  }
  return kpi;
}

/**
 * An item in the board's view mode: its placement element, which holds the tile titled `title`.
 */
export const viewTile = (page: Page, title: string) =>
  page
    .locator('[style*="--col"]')
    .filter({ has: page.getByRole('heading', { name: title, exact: true, level: 3 }) });

/** The grid cells a view-mode tile covers, as the browser lays them out. */
export async function expectTileAt(page: Page, title: string, at: Placement) {
  const tile = viewTile(page, title);
  await expect(tile).toHaveCSS('grid-column-start', String(at.col + 1));
  await expect(tile).toHaveCSS('grid-column-end', `span ${at.sizeX}`);
  await expect(tile).toHaveCSS('grid-row-start', String(at.row + 1));
  await expect(tile).toHaveCSS('grid-row-end', `span ${at.sizeY}`);
}

/** 'columns 4–6, rows 1–2': a placement as the edit mode names it. */
export function describePlacement(at: Placement): string {
  const span = (start: number, size: number, one: string, many: string) =>
    size === 1 ? `${one} ${start + 1}` : `${many} ${start + 1}–${start + size}`;
  return `${span(at.col, at.sizeX, 'column', 'columns')}, ${span(at.row, at.sizeY, 'row', 'rows')}`;
}

/** A block of the board in edit mode, found by its title (its name starts with it). */
export const editBlock = (page: Page, title: string) =>
  page
    .getByRole('group', { name: 'Board layout' })
    .getByRole('group', { name: new RegExp(`^“${escapeRegExp(title)}”, `) });

/** Checks the edit-mode name of a block: its title, its kind and where it sits. */
export async function expectBlockAt(page: Page, title: string, kind: string, at: Placement) {
  await expect(editBlock(page, title)).toHaveAccessibleName(
    `“${title}”, ${kind}, ${describePlacement(at)}`,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
