import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../contract/dashboards.ts';
import {
  blockLabel,
  blocksFromBoard,
  bottom,
  cellsTravelled,
  clampBox,
  collisions,
  compact,
  describePlacement,
  describeSize,
  displaced,
  draggedBox,
  hasOverlaps,
  keyboardStep,
  layoutChanges,
  moveBox,
  newBlockKey,
  overlaps,
  placeAtBottom,
  readingOrder,
  resizeBox,
  sameLayout,
  saveErrorMessages,
  settle,
  type Block,
  type GridBox,
} from './layout.ts';

const box = (key: string, x: number, y: number, w: number, h: number): GridBox => ({
  key,
  x,
  y,
  w,
  h,
});

const at = (boxes: GridBox[], key: string) => {
  const found = boxes.find((b) => b.key === key);
  if (!found) throw new Error(`no box ${key}`);
  return [found.x, found.y, found.w, found.h];
};

describe('clampBox', () => {
  it('keeps a box inside the 12 columns by moving it left', () => {
    expect(clampBox(box('a', 10, 0, 4, 1))).toMatchObject({ x: 8, w: 4 });
  });

  it('limits the width to 12 columns and the height to 24 rows', () => {
    expect(clampBox(box('a', 0, 0, 20, 40))).toMatchObject({ w: 12, h: 24 });
  });

  it('raises sizes below one cell and negative positions', () => {
    expect(clampBox(box('a', -3, -2, 0, -1))).toMatchObject({ x: 0, y: 0, w: 1, h: 1 });
  });

  it('rounds fractions and replaces non-numbers', () => {
    expect(clampBox(box('a', 2.6, Number.NaN, 3.4, 1.5))).toMatchObject({ x: 3, y: 0, w: 3, h: 2 });
  });

  it('keeps the other fields', () => {
    expect(clampBox({ ...box('a', 0, 0, 1, 1), title: 'MRR' }).title).toBe('MRR');
  });
});

describe('overlaps and collisions', () => {
  it('sees boxes that share a cell', () => {
    expect(overlaps(box('a', 0, 0, 3, 2), box('b', 2, 1, 3, 2))).toBe(true);
  });

  it('does not count touching edges', () => {
    expect(overlaps(box('a', 0, 0, 3, 2), box('b', 3, 0, 3, 2))).toBe(false);
    expect(overlaps(box('a', 0, 0, 3, 2), box('b', 0, 2, 3, 2))).toBe(false);
  });

  it('lists the others a box lands on, not itself', () => {
    const boxes = [box('a', 0, 0, 6, 2), box('b', 6, 0, 6, 2), box('c', 0, 2, 12, 1)];
    expect(collisions(boxes, box('a', 4, 0, 4, 3)).map((b) => b.key)).toEqual(['b', 'c']);
  });

  it('hasOverlaps finds any pair', () => {
    expect(hasOverlaps([box('a', 0, 0, 3, 1), box('b', 3, 0, 3, 1)])).toBe(false);
    expect(hasOverlaps([box('a', 0, 0, 3, 1), box('b', 3, 0, 3, 1), box('c', 5, 0, 2, 1)])).toBe(
      true,
    );
  });
});

describe('settle', () => {
  it('pushes what the fixed box lands on down below it, and so on down the board', () => {
    const boxes = [
      box('header', 0, 0, 12, 1),
      box('a', 0, 1, 6, 2),
      box('b', 0, 3, 6, 2),
      box('c', 0, 5, 12, 4),
    ];
    // 'a' grows to three rows and now covers 'b''s first row.
    const grown = boxes.map((b) => (b.key === 'a' ? { ...b, h: 3 } : b));
    const settled = settle(grown, 'a');
    expect(at(settled, 'a')).toEqual([0, 1, 6, 3]);
    expect(at(settled, 'b')).toEqual([0, 4, 6, 2]);
    expect(at(settled, 'c')).toEqual([0, 6, 12, 4]);
    expect(at(settled, 'header')).toEqual([0, 0, 12, 1]);
    expect(hasOverlaps(settled)).toBe(false);
  });

  it('leaves boxes that overlap nothing where they are, gaps included', () => {
    const boxes = [box('a', 0, 0, 3, 2), box('b', 6, 5, 3, 2)];
    expect(settle(boxes, 'a')).toEqual(boxes);
  });

  it('keeps the order of the array', () => {
    const boxes = [box('z', 0, 4, 3, 1), box('a', 0, 0, 3, 5)];
    expect(settle(boxes, 'a').map((b) => b.key)).toEqual(['z', 'a']);
  });

  it('untangles a layout that overlapped already, with no fixed box', () => {
    const boxes = [box('a', 0, 0, 6, 2), box('b', 3, 1, 6, 2), box('c', 5, 2, 2, 2)];
    const settled = settle(boxes);
    expect(hasOverlaps(settled)).toBe(false);
    expect(at(settled, 'a')).toEqual([0, 0, 6, 2]);
    expect(at(settled, 'b')).toEqual([3, 2, 6, 2]);
    expect(at(settled, 'c')).toEqual([5, 4, 2, 2]);
  });
});

describe('moveBox', () => {
  const board = () => [
    box('a', 0, 0, 3, 2),
    box('b', 3, 0, 3, 2),
    box('c', 6, 0, 6, 4),
    box('d', 0, 2, 6, 2),
  ];

  it('moves a box to free cells without touching the others', () => {
    const moved = moveBox(board(), 'a', { x: 0, y: 4 });
    expect(at(moved, 'a')).toEqual([0, 4, 3, 2]);
    expect(at(moved, 'b')).toEqual([3, 0, 3, 2]);
    expect(at(moved, 'd')).toEqual([0, 2, 6, 2]);
  });

  it('pushes the boxes it lands on downwards', () => {
    const moved = moveBox(board(), 'a', { x: 6, y: 1 });
    expect(at(moved, 'a')).toEqual([6, 1, 3, 2]);
    expect(at(moved, 'c')).toEqual([6, 3, 6, 4]);
    expect(hasOverlaps(moved)).toBe(false);
  });

  it('keeps the box inside the grid', () => {
    const moved = moveBox(board(), 'b', { x: 11, y: -4 });
    expect(at(moved, 'b')).toEqual([9, 0, 3, 2]);
    expect(hasOverlaps(moved)).toBe(false);
  });

  it('changes nothing for an unknown key', () => {
    expect(moveBox(board(), 'nope', { x: 4, y: 4 })).toEqual(board());
  });

  it('returns new arrays and leaves its input alone', () => {
    const input = board();
    const copy = structuredClone(input);
    moveBox(input, 'a', { x: 6, y: 0 });
    expect(input).toEqual(copy);
  });
});

describe('resizeBox', () => {
  it('grows from the top-left corner and pushes what is below', () => {
    const boxes = [box('a', 0, 0, 3, 2), box('b', 0, 2, 3, 2)];
    const resized = resizeBox(boxes, 'a', { w: 4, h: 3 });
    expect(at(resized, 'a')).toEqual([0, 0, 4, 3]);
    expect(at(resized, 'b')).toEqual([0, 3, 3, 2]);
  });

  it('stops the width at the right edge instead of moving the box', () => {
    const resized = resizeBox([box('a', 9, 0, 2, 1)], 'a', { w: 6, h: 1 });
    expect(at(resized, 'a')).toEqual([9, 0, 3, 1]);
  });

  it('keeps at least one cell', () => {
    expect(at(resizeBox([box('a', 2, 2, 2, 2)], 'a', { w: 0, h: -3 }), 'a')).toEqual([2, 2, 1, 1]);
  });
});

describe('compact', () => {
  it('moves every box up as far as it goes, in reading order', () => {
    const boxes = [box('a', 0, 2, 6, 2), box('b', 6, 5, 6, 2), box('c', 0, 7, 12, 1)];
    const compacted = compact(boxes);
    expect(at(compacted, 'a')).toEqual([0, 0, 6, 2]);
    expect(at(compacted, 'b')).toEqual([6, 0, 6, 2]);
    expect(at(compacted, 'c')).toEqual([0, 2, 12, 1]);
  });

  it('does not let a box jump over another one', () => {
    const boxes = [box('top', 0, 0, 12, 1), box('mid', 0, 3, 6, 1), box('low', 0, 6, 6, 1)];
    const compacted = compact(boxes);
    expect(at(compacted, 'mid')).toEqual([0, 1, 6, 1]);
    expect(at(compacted, 'low')).toEqual([0, 2, 6, 1]);
  });

  it('keeps order between blocks: a header stays above its tiles', () => {
    const boxes = [box('h', 0, 4, 12, 1), box('t1', 0, 6, 3, 2), box('t2', 3, 6, 3, 2)];
    const compacted = compact(boxes);
    expect(at(compacted, 'h')).toEqual([0, 0, 12, 1]);
    expect(at(compacted, 't1')).toEqual([0, 1, 3, 2]);
    expect(at(compacted, 't2')).toEqual([3, 1, 3, 2]);
  });

  it('separates boxes that overlapped', () => {
    const compacted = compact([box('a', 0, 0, 4, 2), box('b', 2, 1, 4, 2)]);
    expect(hasOverlaps(compacted)).toBe(false);
    expect(at(compacted, 'b')).toEqual([2, 2, 4, 2]);
  });

  it('leaves a compact layout as it is', () => {
    const boxes = [box('a', 0, 0, 6, 2), box('b', 6, 0, 6, 3), box('c', 0, 2, 6, 1)];
    expect(compact(boxes)).toEqual(boxes);
  });
});

describe('bottom, placeAtBottom and readingOrder', () => {
  it('finds the first free row below everything', () => {
    expect(bottom([])).toBe(0);
    expect(bottom([box('a', 0, 0, 3, 2), box('b', 3, 1, 3, 4)])).toBe(5);
  });

  it('places a new block at the left, below everything', () => {
    expect(placeAtBottom([box('a', 0, 0, 12, 3)], { w: 6, h: 4 })).toEqual({
      x: 0,
      y: 3,
      w: 6,
      h: 4,
    });
    expect(placeAtBottom([], { w: 30, h: 0 })).toEqual({ x: 0, y: 0, w: 12, h: 1 });
  });

  it('orders by row, then column', () => {
    const boxes = [box('c', 0, 2, 1, 1), box('b', 6, 0, 1, 1), box('a', 0, 0, 1, 1)];
    expect(readingOrder(boxes).map((b) => b.key)).toEqual(['a', 'b', 'c']);
    expect(boxes.map((b) => b.key)).toEqual(['c', 'b', 'a']);
  });
});

describe('keyboardStep', () => {
  const boxes = () => [box('a', 0, 0, 3, 2), box('b', 3, 0, 3, 2), box('c', 0, 2, 12, 1)];

  it('moves one cell per arrow key', () => {
    const step = keyboardStep(boxes(), 'c', 'ArrowDown', false);
    expect(step.changed && at(step.boxes, 'c')).toEqual([0, 3, 12, 1]);
    const right = keyboardStep(boxes(), 'a', 'ArrowRight', false);
    expect(right.changed && right.box).toMatchObject({ x: 1, y: 0 });
  });

  it('pushes the neighbour it moves onto', () => {
    const step = keyboardStep(boxes(), 'a', 'ArrowRight', false);
    if (!step.changed) throw new Error('expected a move');
    expect(at(step.boxes, 'b')).toEqual([3, 2, 3, 2]);
    expect(at(step.boxes, 'c')).toEqual([0, 4, 12, 1]);
    expect(hasOverlaps(step.boxes)).toBe(false);
  });

  it('refuses to leave the grid and says why', () => {
    expect(keyboardStep(boxes(), 'a', 'ArrowLeft', false)).toEqual({
      changed: false,
      action: 'move',
      reason: 'Already at the left edge',
    });
    expect(keyboardStep(boxes(), 'a', 'ArrowUp', false)).toMatchObject({
      changed: false,
      reason: 'Already at the top',
    });
    expect(keyboardStep(boxes(), 'c', 'ArrowRight', false)).toMatchObject({
      changed: false,
      reason: 'Already at the right edge',
    });
  });

  it('resizes with Shift: right and down grow, left and up shrink', () => {
    const wider = keyboardStep(boxes(), 'b', 'ArrowRight', true);
    expect(wider).toMatchObject({ changed: true, action: 'resize', box: { w: 4, h: 2 } });
    const shorter = keyboardStep(boxes(), 'b', 'ArrowUp', true);
    expect(shorter).toMatchObject({ changed: true, box: { w: 3, h: 1 } });
    const narrower = keyboardStep(boxes(), 'b', 'ArrowLeft', true);
    expect(narrower).toMatchObject({ changed: true, box: { x: 3, w: 2 } });
    const taller = keyboardStep(boxes(), 'a', 'ArrowDown', true);
    if (!taller.changed) throw new Error('expected a resize');
    expect(at(taller.boxes, 'a')).toEqual([0, 0, 3, 3]);
    expect(at(taller.boxes, 'c')).toEqual([0, 3, 12, 1]);
  });

  it('refuses to shrink below one cell or grow past the right edge', () => {
    expect(keyboardStep(boxes(), 'c', 'ArrowUp', true)).toMatchObject({
      changed: false,
      action: 'resize',
      reason: 'Already at the smallest size',
    });
    expect(keyboardStep(boxes(), 'c', 'ArrowRight', true)).toMatchObject({
      changed: false,
      reason: 'Already reaches the right edge',
    });
    const tall = [box('t', 0, 0, 1, 24)];
    expect(keyboardStep(tall, 't', 'ArrowDown', true)).toMatchObject({
      changed: false,
      reason: 'Already at the tallest size',
    });
  });

  it('does nothing for an unknown box', () => {
    expect(keyboardStep(boxes(), 'x', 'ArrowDown', false).changed).toBe(false);
  });
});

describe('pointer drags', () => {
  it('rounds travelled pixels to whole cells', () => {
    expect(cellsTravelled(0, 80)).toBe(0);
    expect(cellsTravelled(39, 80)).toBe(0);
    expect(cellsTravelled(41, 80)).toBe(1);
    expect(cellsTravelled(-130, 80)).toBe(-2);
    expect(Object.is(cellsTravelled(-10, 80), -0)).toBe(false);
  });

  it('treats a grid with no size as no travel', () => {
    expect(cellsTravelled(500, 0)).toBe(0);
    expect(cellsTravelled(Number.NaN, 80)).toBe(0);
  });

  it('moves the origin by whole cells, inside the grid', () => {
    const origin = box('a', 4, 3, 3, 2);
    expect(draggedBox(origin, 'move', { x: 2, y: -1 })).toMatchObject({ x: 6, y: 2, w: 3, h: 2 });
    expect(draggedBox(origin, 'move', { x: 20, y: -10 })).toMatchObject({ x: 9, y: 0 });
  });

  it('resizes from the corner without moving the box', () => {
    const origin = box('a', 4, 3, 3, 2);
    expect(draggedBox(origin, 'resize', { x: 2, y: 1 })).toMatchObject({ x: 4, y: 3, w: 5, h: 3 });
    expect(draggedBox(origin, 'resize', { x: 10, y: -5 })).toMatchObject({ x: 4, w: 8, h: 1 });
  });
});

describe('describing placements', () => {
  it('counts from one, as people do', () => {
    expect(describePlacement(box('a', 0, 0, 3, 2))).toBe('columns 1–3, rows 1–2');
    expect(describePlacement(box('a', 11, 4, 1, 1))).toBe('column 12, row 5');
    expect(describeSize({ w: 1, h: 3 })).toBe('1 column by 3 rows');
  });
});

const ACCOUNT = 'a0a0a0a0a0a0a0a0a0a0a0a0';
const USER = 'c2c2c2c2c2c2c2c2c2c2c2c2';
const BOARD = 'd3d3d3d3d3d3d3d3d3d3d3d3';
const INSTANT = '2024-01-01T00:00:00.000Z';

function board(): Pick<Dashboard, 'insights' | 'sectionHeaders'> {
  return {
    insights: [
      {
        id: 'e4e4e4e4e4e4e4e4e4e4e4e4',
        dashboardId: BOARD,
        type: 'kpi-number',
        insightId: '',
        insightName: '',
        insightTitle: 'MRR',
        insightRequiredEntities: [],
        insightSource: { originalVersion: '', sourceApplication: '' },
        insightState: { status: '', error: '', metadata: null },
        settings: [
          { name: 'kpiIds', value: 'f5f5f5f5f5f5f5f5f5f5f5f5' },
          { name: 'groupBy', value: 'month' },
        ],
        filters: [],
        row: 1,
        col: 0,
        sizeX: 3,
        sizeY: 2,
      },
      {
        id: 'e5e5e5e5e5e5e5e5e5e5e5e5',
        dashboardId: BOARD,
        type: 'okr-progress',
        insightId: 'okr-1',
        insightName: 'OKR progress',
        insightTitle: 'Goals',
        insightRequiredEntities: [],
        insightSource: { originalVersion: '', sourceApplication: '' },
        insightState: { status: '', error: '', metadata: null },
        settings: [{ name: 'session', value: 'q2', valueDisplayName: 'Q2' }],
        filters: ['team:1'],
        row: 1,
        col: 3,
        sizeX: 9,
        sizeY: 2,
      },
    ],
    sectionHeaders: [
      {
        id: 'e6e6e6e6e6e6e6e6e6e6e6e6',
        accountId: ACCOUNT,
        dashboardId: BOARD,
        sectionHeaderId: 'e7e7e7e7e7e7e7e7e7e7e7e7',
        type: 'sectionHeader',
        sectionHeader: {
          id: 'e7e7e7e7e7e7e7e7e7e7e7e7',
          accountId: ACCOUNT,
          header: 'Revenue',
          subHeader: 'Monthly',
          createdById: USER,
          modifiedById: USER,
          dateCreated: INSTANT,
          dateUpdated: INSTANT,
        },
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 1,
      },
    ],
  };
}

describe('to and from the API', () => {
  it('reads items and section headers as blocks keyed by their ids', () => {
    const blocks = blocksFromBoard(board());
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatchObject({
      kind: 'item',
      key: 'e4e4e4e4e4e4e4e4e4e4e4e4',
      type: 'kpi-number',
      title: 'MRR',
      x: 0,
      y: 1,
      w: 3,
      h: 2,
    });
    expect(blocks[2]).toMatchObject({
      kind: 'header',
      key: 'e6e6e6e6e6e6e6e6e6e6e6e6',
      header: 'Revenue',
      subHeader: 'Monthly',
      x: 0,
      y: 0,
      w: 12,
      h: 1,
    });
  });

  it('writes what it read back unchanged, in reading order, headers in the API input shape', () => {
    const changes = layoutChanges(blocksFromBoard(board()));
    expect(changes.sectionHeaders).toEqual([
      {
        id: 'e6e6e6e6e6e6e6e6e6e6e6e6',
        header: 'Revenue',
        subHeader: 'Monthly',
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 1,
      },
    ]);
    expect(changes.insights).toEqual([
      {
        id: 'e4e4e4e4e4e4e4e4e4e4e4e4',
        type: 'kpi-number',
        insightTitle: 'MRR',
        settings: [
          { name: 'kpiIds', value: 'f5f5f5f5f5f5f5f5f5f5f5f5' },
          { name: 'groupBy', value: 'month' },
        ],
        filters: [],
        row: 1,
        col: 0,
        sizeX: 3,
        sizeY: 2,
      },
      {
        id: 'e5e5e5e5e5e5e5e5e5e5e5e5',
        type: 'okr-progress',
        insightTitle: 'Goals',
        insightId: 'okr-1',
        insightName: 'OKR progress',
        settings: [{ name: 'session', value: 'q2', valueDisplayName: 'Q2' }],
        filters: ['team:1'],
        row: 1,
        col: 3,
        sizeX: 9,
        sizeY: 2,
      },
    ]);
  });

  it('sends new blocks without an id and moved ones at their new place', () => {
    const blocks = blocksFromBoard(board());
    const added: Block = {
      kind: 'header',
      key: newBlockKey(),
      header: 'Later',
      subHeader: '',
      x: 0,
      y: 3,
      w: 12,
      h: 1,
    };
    const moved = moveBox([...blocks, added], 'e4e4e4e4e4e4e4e4e4e4e4e4', { x: 0, y: 4 });
    const changes = layoutChanges(moved);
    expect(changes.sectionHeaders[1]).toEqual({
      header: 'Later',
      subHeader: '',
      row: 3,
      col: 0,
      sizeX: 12,
      sizeY: 1,
    });
    expect(changes.insights.find((i) => i.id === 'e4e4e4e4e4e4e4e4e4e4e4e4')).toMatchObject({
      row: 4,
      col: 0,
    });
  });

  it('tells layouts that save the same apart from those that do not', () => {
    const blocks = blocksFromBoard(board());
    expect(sameLayout(blocks, blocksFromBoard(board()))).toBe(true);
    expect(sameLayout(blocks, moveBox(blocks, 'e4e4e4e4e4e4e4e4e4e4e4e4', { x: 0, y: 5 }))).toBe(
      false,
    );
    // The same blocks listed in another order save the same body.
    expect(sameLayout(blocks, [...blocks].reverse())).toBe(true);
  });

  it('gives new blocks keys that are never ids', () => {
    const a = newBlockKey();
    const b = newBlockKey();
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('displaced', () => {
  it('counts the other boxes a change moved', () => {
    const before = [box('a', 0, 0, 3, 2), box('b', 0, 2, 3, 2), box('c', 6, 0, 3, 2)];
    const after = moveBox(before, 'a', { x: 0, y: 1 });
    expect(displaced(before, after, 'a')).toBe(1);
    expect(displaced(before, before, 'a')).toBe(0);
  });
});

describe('blockLabel and saveErrorMessages', () => {
  const blocks = (): Block[] => [
    ...blocksFromBoard(board()),
    {
      kind: 'item',
      key: 'new-x',
      type: 'kpi-chart',
      title: '',
      settings: [],
      filters: [],
      x: 0,
      y: 9,
      w: 6,
      h: 4,
    },
  ];

  it('names blocks as a person would', () => {
    const [mrr, , header, untitled] = blocks();
    expect(blockLabel(mrr!)).toBe('“MRR”');
    expect(blockLabel(header!)).toBe('Section “Revenue”');
    expect(blockLabel(untitled!)).toBe('Untitled item');
  });

  it('tells each field error against its block, counted in reading order', () => {
    const messages = saveErrorMessages(
      {
        'insights[2].settings': 'names an unknown KPI',
        'insights[0].sizeX': 'reaches past the 12 columns of the grid',
        'sectionHeaders[0].header': 'is required',
        name: 'is required',
        'insights[7]': 'is odd',
      },
      blocks(),
    );
    expect(messages).toEqual([
      'Untitled item (settings): names an unknown KPI',
      '“MRR” (sizeX): reaches past the 12 columns of the grid',
      'Section “Revenue” (header): is required',
      'name: is required',
      'insights: is odd',
    ]);
  });
});

describe('blockLabel of untitled items', () => {
  const item = (kpiIds: string): Block => ({
    kind: 'item',
    key: 'k',
    type: 'kpi-number',
    title: '',
    settings: [{ name: 'kpiIds', value: kpiIds }],
    filters: [],
    x: 0,
    y: 0,
    w: 3,
    h: 2,
  });
  const names: Record<string, string> = { a: 'MRR', b: 'NPS' };

  it('names an untitled item by its KPIs when their names are known', () => {
    expect(blockLabel(item('a,b'), (id) => names[id])).toBe('“MRR, NPS”');
  });

  it('falls back to a generic name when no KPI name is known', () => {
    expect(blockLabel(item('a'))).toBe('Untitled item');
    expect(blockLabel(item('zz'), (id) => names[id])).toBe('Untitled item');
  });
});
