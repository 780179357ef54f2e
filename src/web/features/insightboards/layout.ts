/**
 * An insightboard's layout as plain data: every block (an item or a section header) is a box
 * `{ x, y, w, h }` on a grid of 12 columns and unbounded rows. Moving, resizing, keeping boxes
 * apart, closing gaps, keyboard steps, and the conversion to and from the API's shape live here
 * as pure functions, so that the pointer, the keyboard and the tests agree on every rule.
 */
import type {
  Dashboard,
  DashboardItem,
  DashboardItemInput,
  SectionHeaderInput,
} from '../../../contract/dashboards.ts';
import type { Setting } from '../../../contract/common.ts';

export const GRID_COLUMNS = 12;
/** The API's limits on a placement. */
export const MAX_ROW_SPAN = 24;
export const MAX_ROW = 10_000;

export interface GridBox {
  /** Unique within the board while it is edited: the saved id, or a temporary key for a new block. */
  key: string;
  /** Column, 0..11. */
  x: number;
  /** Row, from 0. */
  y: number;
  /** Columns spanned, 1..12, with x + w <= 12. */
  w: number;
  /** Rows spanned, 1..24. */
  h: number;
}

/** An item (a KPI tile or chart, or a kind this app does not draw), as it is sent back. */
export interface ItemBlock extends GridBox {
  kind: 'item';
  id?: string;
  type: string;
  title: string;
  settings: Setting[];
  /** Kept as they came, so that items from a real account survive a save unchanged. */
  insightId?: string;
  insightName?: string;
  filters: string[];
}

export interface HeaderBlock extends GridBox {
  kind: 'header';
  id?: string;
  header: string;
  subHeader: string;
}

export type Block = ItemBlock | HeaderBlock;

export type Size = Pick<GridBox, 'w' | 'h'>;
export type Position = Pick<GridBox, 'x' | 'y'>;

// ---------------------------------------------------------------------------------------------
// Boxes
// ---------------------------------------------------------------------------------------------

const clampInt = (value: number, min: number, max: number) =>
  Math.min(Math.max(Math.round(Number.isFinite(value) ? value : min), min), max);

/** The box made valid: sizes within their limits, and inside the 12 columns (width first). */
export function clampBox<T extends GridBox>(box: T): T {
  const w = clampInt(box.w, 1, GRID_COLUMNS);
  const h = clampInt(box.h, 1, MAX_ROW_SPAN);
  return {
    ...box,
    w,
    h,
    x: clampInt(box.x, 0, GRID_COLUMNS - w),
    y: clampInt(box.y, 0, MAX_ROW),
  };
}

export function overlaps(a: GridBox, b: GridBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The boxes (other than `box` itself) that share a cell with `box`. */
export function collisions<T extends GridBox>(boxes: readonly T[], box: GridBox): T[] {
  return boxes.filter((other) => other.key !== box.key && overlaps(other, box));
}

/** The first row below every box: where a new block goes. */
export function bottom(boxes: readonly GridBox[]): number {
  return boxes.reduce((max, box) => Math.max(max, box.y + box.h), 0);
}

const byReadingOrder = (a: GridBox, b: GridBox) => a.y - b.y || a.x - b.x;

/** Row by row, left to right: the order of a single column and of the Tab key. */
export function readingOrder<T extends GridBox>(boxes: readonly T[]): T[] {
  return [...boxes].sort(byReadingOrder);
}

/**
 * Keeps `fixedKey` where it is and moves every other box that overlaps something down, just far
 * enough, in reading order, so that nothing overlaps afterwards. Boxes never move up or sideways,
 * and boxes that overlap nothing stay put. The array keeps its order.
 */
export function settle<T extends GridBox>(boxes: readonly T[], fixedKey?: string): T[] {
  const fixed = boxes.find((box) => box.key === fixedKey);
  const placed: GridBox[] = fixed ? [fixed] : [];
  const moved = new Map<string, T>();
  for (const box of readingOrder(boxes)) {
    if (box === fixed) continue;
    let candidate = box;
    for (;;) {
      const hits = placed.filter((other) => overlaps(other, candidate));
      if (hits.length === 0) break;
      candidate = { ...candidate, y: Math.max(...hits.map((hit) => hit.y + hit.h)) };
    }
    placed.push(candidate);
    if (candidate !== box) moved.set(box.key, candidate);
  }
  return boxes.map((box) => moved.get(box.key) ?? box);
}

/** Moves one box to `to` (kept inside the grid) and pushes whatever it lands on downwards. */
export function moveBox<T extends GridBox>(boxes: readonly T[], key: string, to: Position): T[] {
  return replace(boxes, key, (box) => clampBox({ ...box, x: to.x, y: to.y }));
}

/** Resizes one box from its top-left corner (kept inside the grid), pushing others down. */
export function resizeBox<T extends GridBox>(boxes: readonly T[], key: string, size: Size): T[] {
  return replace(boxes, key, (box) => {
    const w = clampInt(size.w, 1, GRID_COLUMNS - box.x);
    return clampBox({ ...box, w, h: size.h });
  });
}

function replace<T extends GridBox>(boxes: readonly T[], key: string, change: (box: T) => T): T[] {
  let found = false;
  const next = boxes.map((box) => {
    if (box.key !== key) return box;
    found = true;
    return change(box);
  });
  return found ? settle(next, key) : [...boxes];
}

/** Moves every box up as far as it goes, in reading order: removes the empty rows and gaps. */
export function compact<T extends GridBox>(boxes: readonly T[]): T[] {
  const placed: GridBox[] = [];
  const moved = new Map<string, T>();
  for (const box of readingOrder(boxes)) {
    let y = box.y;
    while (y > 0 && !placed.some((other) => overlaps(other, { ...box, y: y - 1 }))) y--;
    // A box that overlapped something before compaction is kept below it.
    while (placed.some((other) => overlaps(other, { ...box, y }))) y++;
    const next = y === box.y ? box : { ...box, y };
    placed.push(next);
    if (next !== box) moved.set(box.key, next);
  }
  return boxes.map((box) => moved.get(box.key) ?? box);
}

/** Whether any two boxes share a cell. */
export function hasOverlaps(boxes: readonly GridBox[]): boolean {
  return boxes.some((box, i) => boxes.slice(i + 1).some((other) => overlaps(box, other)));
}

/** Where a new block of `size` goes: at the left, below everything. */
export function placeAtBottom(boxes: readonly GridBox[], size: Size): Position & Size {
  const w = clampInt(size.w, 1, GRID_COLUMNS);
  return { x: 0, y: Math.min(bottom(boxes), MAX_ROW), w, h: clampInt(size.h, 1, MAX_ROW_SPAN) };
}

// ---------------------------------------------------------------------------------------------
// Keyboard and pointer
// ---------------------------------------------------------------------------------------------

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export const isArrowKey = (key: string): key is ArrowKey =>
  key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';

const STEP: Record<ArrowKey, Position> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

export type KeyboardStep<T extends GridBox> =
  | { changed: true; action: 'move' | 'resize'; boxes: T[]; box: T }
  | { changed: false; action: 'move' | 'resize'; reason: string };

/**
 * An arrow key moves the box one cell; with Shift it resizes it by one cell from its bottom-right
 * corner (right and down grow it, left and up shrink it). At an edge or a limit nothing changes,
 * and `reason` says why.
 */
export function keyboardStep<T extends GridBox>(
  boxes: readonly T[],
  key: string,
  arrow: ArrowKey,
  resize: boolean,
): KeyboardStep<T> {
  const action = resize ? 'resize' : 'move';
  const box = boxes.find((b) => b.key === key);
  if (!box) return { changed: false, action, reason: 'Nothing to move' };
  const step = STEP[arrow];
  if (resize) {
    const w = box.w + step.x;
    const h = box.h + step.y;
    if (w < 1 || h < 1) return { changed: false, action, reason: 'Already at the smallest size' };
    if (box.x + w > GRID_COLUMNS)
      return { changed: false, action, reason: 'Already reaches the right edge' };
    if (h > MAX_ROW_SPAN) return { changed: false, action, reason: 'Already at the tallest size' };
    const next = resizeBox(boxes, key, { w, h });
    return { changed: true, action, boxes: next, box: next.find((b) => b.key === key)! };
  }
  const x = box.x + step.x;
  const y = box.y + step.y;
  if (x < 0) return { changed: false, action, reason: 'Already at the left edge' };
  if (x + box.w > GRID_COLUMNS)
    return { changed: false, action, reason: 'Already at the right edge' };
  if (y < 0) return { changed: false, action, reason: 'Already at the top' };
  if (y > MAX_ROW) return { changed: false, action, reason: 'Already at the last row' };
  const next = moveBox(boxes, key, { x, y });
  return { changed: true, action, boxes: next, box: next.find((b) => b.key === key)! };
}

/** Whole cells a pointer has travelled; `pitch` is a cell plus the gap after it, in pixels. */
export function cellsTravelled(pixels: number, pitch: number): number {
  if (!(pitch > 0) || !Number.isFinite(pixels)) return 0;
  const cells = Math.round(pixels / pitch);
  return cells === 0 ? 0 : cells; // no -0
}

/** The box a drag proposes: `origin` moved, or resized from its corner, by whole cells. */
export function draggedBox<T extends GridBox>(
  origin: T,
  mode: 'move' | 'resize',
  cells: Position,
): T {
  if (mode === 'move') return clampBox({ ...origin, x: origin.x + cells.x, y: origin.y + cells.y });
  const w = clampInt(origin.w + cells.x, 1, GRID_COLUMNS - origin.x);
  return clampBox({ ...origin, w, h: origin.h + cells.y });
}

/** How many boxes other than `key` a change moved. */
export function displaced(
  before: readonly GridBox[],
  after: readonly GridBox[],
  key: string,
): number {
  const was = new Map(before.map((box) => [box.key, box]));
  return after.filter((box) => {
    const old = was.get(box.key);
    return box.key !== key && old !== undefined && !sameBox(old, box);
  }).length;
}

export const sameBox = (a: GridBox, b: GridBox) =>
  a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/** 'columns 1–3, rows 2–3' (1-based, as a person counts). */
export function describePlacement(box: GridBox): string {
  const span = (start: number, size: number, one: string, many: string) =>
    size === 1 ? `${one} ${start + 1}` : `${many} ${start + 1}–${start + size}`;
  return `${span(box.x, box.w, 'column', 'columns')}, ${span(box.y, box.h, 'row', 'rows')}`;
}

/** '3 columns by 2 rows'. */
export function describeSize(box: Size): string {
  return `${box.w} ${box.w === 1 ? 'column' : 'columns'} by ${box.h} ${box.h === 1 ? 'row' : 'rows'}`;
}

// ---------------------------------------------------------------------------------------------
// To and from the API
// ---------------------------------------------------------------------------------------------

export function itemBlock(item: Partial<DashboardItem> & Pick<DashboardItem, 'id'>): ItemBlock {
  return clampBox({
    kind: 'item',
    key: item.id,
    id: item.id,
    type: item.type ?? '',
    title: item.insightTitle ?? '',
    settings: item.settings ?? [],
    insightId: item.insightId || undefined,
    insightName: item.insightName || undefined,
    filters: item.filters ?? [],
    x: item.col ?? 0,
    y: item.row ?? 0,
    w: item.sizeX ?? 1,
    h: item.sizeY ?? 1,
  });
}

/** The board's blocks: items and section headers, in the order the board lists them. */
export function blocksFromBoard(board: Pick<Dashboard, 'insights' | 'sectionHeaders'>): Block[] {
  const headers: HeaderBlock[] = board.sectionHeaders.map((h) =>
    clampBox({
      kind: 'header',
      key: h.id,
      id: h.id,
      header: h.sectionHeader.header,
      subHeader: h.sectionHeader.subHeader,
      x: h.col,
      y: h.row,
      w: h.sizeX,
      h: h.sizeY,
    }),
  );
  return [...board.insights.map(itemBlock), ...headers];
}

const placement = (box: GridBox) => ({ row: box.y, col: box.x, sizeX: box.w, sizeY: box.h });

/**
 * The body of the save: `insights` and `sectionHeaders` in reading order. New blocks go without
 * an id, so the server gives them one; saved ones keep theirs, so they are updated in place.
 */
export function layoutChanges(blocks: readonly Block[]): {
  insights: DashboardItemInput[];
  sectionHeaders: SectionHeaderInput[];
} {
  const insights: DashboardItemInput[] = [];
  const sectionHeaders: SectionHeaderInput[] = [];
  for (const block of readingOrder(blocks)) {
    if (block.kind === 'item') {
      insights.push({
        ...(block.id ? { id: block.id } : {}),
        type: block.type,
        insightTitle: block.title,
        ...(block.insightId ? { insightId: block.insightId } : {}),
        ...(block.insightName ? { insightName: block.insightName } : {}),
        settings: block.settings,
        filters: block.filters,
        ...placement(block),
      });
    } else {
      sectionHeaders.push({
        ...(block.id ? { id: block.id } : {}),
        header: block.header,
        subHeader: block.subHeader,
        ...placement(block),
      });
    }
  }
  return { insights, sectionHeaders };
}

/** Whether two layouts would save the same thing. */
export function sameLayout(a: readonly Block[], b: readonly Block[]): boolean {
  return JSON.stringify(layoutChanges(a)) === JSON.stringify(layoutChanges(b));
}

let newKeys = 0;
/** A key for a block that has no id yet; never a 24-hex id, so it is never sent. */
export function newBlockKey(): string {
  newKeys += 1;
  return `new-${newKeys}`;
}

/** A block as a person names it: the item's title, or the section's. */
/**
 * What a block is called in buttons and announcements: its title, or for an untitled item the
 * names of its KPIs (when `kpiName` knows them), so that two untitled tiles never sound alike.
 */
export function blockLabel(block: Block, kpiName?: (kpiId: string) => string | undefined): string {
  if (block.kind === 'header') return `Section “${block.header}”`;
  if (block.title) return `“${block.title}”`;
  const ids = block.settings.find((s) => s.name === 'kpiIds')?.value.split(',') ?? [];
  const names = ids.map((id) => kpiName?.(id.trim())).filter((n): n is string => !!n);
  return names.length > 0 ? `“${names.join(', ')}”` : 'Untitled item';
}

const SAVE_ERROR_PATH = /^(insights|sectionHeaders)\[(\d+)\]\.?(.*)$/;

/**
 * The save's field errors (`insights[2].settings: names an unknown KPI`), each told against the
 * block it is about. Indexes count in the order `layoutChanges` sends: reading order.
 */
export function saveErrorMessages(
  fieldErrors: Readonly<Record<string, string>>,
  blocks: readonly Block[],
): string[] {
  const ordered = readingOrder(blocks);
  const lists = {
    insights: ordered.filter((b) => b.kind === 'item'),
    sectionHeaders: ordered.filter((b) => b.kind === 'header'),
  };
  return Object.entries(fieldErrors).map(([path, message]) => {
    const match = SAVE_ERROR_PATH.exec(path);
    if (!match) return `${path}: ${message}`;
    const block = lists[match[1] as keyof typeof lists][Number(match[2])];
    const name = block ? blockLabel(block) : match[1]!;
    return `${name}${match[3] ? ` (${match[3]})` : ''}: ${message}`;
  });
}
