import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useBlocker } from 'react-router';
import { ApiError } from '../../../../../client/http.ts';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { Button, buttonClass, focusRing } from '../../../../components/ui/Button.tsx';
import { ConfirmDialog } from '../../../../components/ui/Dialog.tsx';
import { EmptyState } from '../../../../components/ui/States.tsx';
import { useSaveBoard } from '../../api/mutations.ts';
import { boardKpiQuery } from '../../api/queries.ts';
import {
  blockLabel,
  blocksFromBoard,
  cellsTravelled,
  compact,
  describePlacement,
  describeSize,
  displaced,
  draggedBox,
  GRID_COLUMNS,
  isArrowKey,
  keyboardStep,
  layoutChanges,
  moveBox,
  newBlockKey,
  placeAtBottom,
  readingOrder,
  resizeBox,
  sameBox,
  sameLayout,
  saveErrorMessages,
  type Block,
  type GridBox,
  type HeaderBlock,
  type ItemBlock,
} from '../../layout.ts';
import { BoardGrid, PLACEMENT, placementStyle } from './BoardGrid.tsx';
import { HeaderDialog, type HeaderFormValues } from './HeaderDialog.tsx';
import { applyItemForm, type ItemFormValues } from './item-form.ts';
import { DEFAULT_ITEM_SIZE, isItemType, ITEM_TYPE_LABELS } from './item-settings.ts';
import { ItemDialog } from './ItemDialog.tsx';
import { ItemView } from './ItemView.tsx';
import { SectionHeaderView } from './SectionHeaderView.tsx';

type DialogState = { kind: 'item'; key?: string } | { kind: 'header'; key?: string } | null;

interface Drag {
  key: string;
  mode: 'move' | 'resize';
  pointerId: number;
  startX: number;
  startY: number;
  origin: Block;
  last: GridBox;
  pitchX: number;
  pitchY: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function pushedNote(count: number): string {
  return count === 0 ? '' : `; ${plural(count, 'other block', 'other blocks')} moved down`;
}

function GripIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 12 16" className="h-4 w-3 fill-current">
      {[2, 7, 12].map((y) => (
        <g key={y}>
          <circle cx="3" cy={y} r="1.3" />
          <circle cx="9" cy={y} r="1.3" />
        </g>
      ))}
    </svg>
  );
}

const controlClass = `rounded-md border border-gray-300 bg-white/95 px-2 py-0.5 text-xs font-medium text-gray-800 shadow-sm hover:bg-gray-50 dark:border-gray-600 dark:bg-gray-900/95 dark:text-gray-100 dark:hover:bg-gray-800 ${focusRing}`;

/** A block in edit mode: focusable, moved by dragging or arrow keys, resized by its corner. */
/** Names of the KPIs the tiles have loaded, read from the query cache. */
function useKpiName(): (kpiId: string) => string | undefined {
  const client = useQueryClient();
  return (kpiId) => client.getQueryData(boardKpiQuery(kpiId).queryKey)?.name;
}

function EditableBlock({
  block,
  dragging,
  instructionsId,
  onPointerDown,
  onPointerMove,
  onPointerEnd,
  onKeyDown,
  onEdit,
  onRemove,
  children,
}: {
  block: Block;
  dragging: boolean;
  instructionsId: string;
  onPointerDown: (event: PointerEvent<HTMLElement>, mode: 'move' | 'resize') => void;
  onPointerMove: (event: PointerEvent<HTMLElement>) => void;
  onPointerEnd: (event: PointerEvent<HTMLElement>, commit: boolean) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  onEdit?: () => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  const kpiName = useKpiName();
  const label = blockLabel(block, kpiName);
  const kind =
    block.kind === 'header'
      ? 'section header'
      : isItemType(block.type)
        ? ITEM_TYPE_LABELS[block.type].toLowerCase()
        : 'item';
  return (
    <div
      data-block-key={block.key}
      tabIndex={0}
      role="group"
      aria-roledescription="board block"
      aria-label={`${label}, ${kind}, ${describePlacement(block)}`}
      aria-describedby={instructionsId}
      style={placementStyle(block)}
      className={`${PLACEMENT.edit} relative min-w-0 cursor-move scroll-mt-40 rounded-xl select-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400 ${
        dragging ? 'z-10 shadow-2xl ring-2 ring-blue-500 dark:ring-blue-400' : ''
      }`}
      onPointerDown={(e) => onPointerDown(e, 'move')}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => onPointerEnd(e, true)}
      onPointerCancel={(e) => onPointerEnd(e, false)}
      onKeyDown={onKeyDown}
    >
      <div className="pointer-events-none h-full">{children}</div>
      <div className="absolute -top-3 right-2 flex items-center gap-1">
        <span
          data-drag-grip
          aria-hidden="true"
          title="Drag to move"
          className="flex h-6 w-6 touch-none items-center justify-center rounded-md border border-gray-300 bg-white/95 text-gray-600 dark:border-gray-600 dark:bg-gray-900/95 dark:text-gray-300"
        >
          <GripIcon />
        </span>
        {onEdit && (
          <button type="button" className={controlClass} onClick={onEdit}>
            Edit<span className="sr-only"> {label}</span>
          </button>
        )}
        <button type="button" className={controlClass} onClick={onRemove}>
          Remove<span className="sr-only"> {label}</span>
        </button>
      </div>
      <span
        aria-hidden="true"
        title="Drag to resize"
        className="absolute right-0 bottom-0 h-6 w-6 cursor-se-resize touch-none rounded-br-xl"
        onPointerDown={(e) => {
          e.stopPropagation();
          onPointerDown(e, 'resize');
        }}
      >
        <svg
          viewBox="0 0 12 12"
          className="absolute right-1 bottom-1 h-3 w-3 stroke-gray-500 dark:stroke-gray-400"
        >
          <path d="M11 3 3 11M11 7 7 11" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </span>
    </div>
  );
}

/**
 * Edit mode: the board's layout as a draft (started from the board as loaded), changed by
 * dragging, the keyboard and the dialogs, saved with one PUT or thrown away.
 */
export function BoardEditor({
  board,
  timeZone,
  now,
  onDone,
}: {
  board: Dashboard;
  timeZone: string;
  now: number;
  /** Leaves edit mode: after a save (`saved`) or on Cancel. */
  onDone: (saved: boolean) => void;
}) {
  const kpiName = useKpiName();
  const [initial] = useState(() => blocksFromBoard(board));
  const [blocks, setBlocks] = useState<Block[]>(initial);
  const [preview, setPreview] = useState<Block[] | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [announcement, setAnnouncement] = useState('');
  const save = useSaveBoard();
  const dirty = !sameLayout(blocks, initial);
  const gridRef = useRef<HTMLDivElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const drag = useRef<Drag | null>(null);
  const focusNext = useRef<string | null>(null);
  const instructionsId = useId();

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !save.isPending && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when a return value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After a keyboard move the block may sit elsewhere in the document; keep focus on it. A plain
  // effect, so that it runs after a closing dialog has handed focus back to its opener.
  useEffect(() => {
    const key = focusNext.current;
    if (key === null) return;
    focusNext.current = null;
    const element = gridRef.current?.querySelector<HTMLElement>(`[data-block-key="${key}"]`);
    if (!element) return addButtonRef.current?.focus();
    if (document.activeElement !== element) element.focus({ preventScroll: true });
    element.scrollIntoView?.({ block: 'nearest' });
  });

  const announce = (text: string) =>
    // The same words twice in a row are still read out.
    setAnnouncement((previous) => (previous === text ? `${text}\u00a0` : text));

  function commit(next: Block[], key: string, action: 'move' | 'resize') {
    const box = next.find((b) => b.key === key);
    if (!box) return;
    const before = blocks;
    setBlocks(next);
    const label = blockLabel(box, kpiName);
    const where = describePlacement(box);
    const pushed = pushedNote(displaced(before, next, key));
    announce(
      action === 'move'
        ? `${label} moved to ${where}${pushed}`
        : `${label} resized to ${describeSize(box)}, ${where}${pushed}`,
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>, block: Block) {
    if (event.key === 'Escape' && drag.current) {
      // Puts a block being dragged back where it was.
      event.preventDefault();
      drag.current = null;
      setPreview(null);
      return announce(`${blockLabel(block, kpiName)}: drag cancelled`);
    }
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey)
      return;
    if (isArrowKey(event.key)) {
      event.preventDefault();
      const step = keyboardStep(blocks, block.key, event.key, event.shiftKey);
      if (!step.changed) return announce(`${blockLabel(block, kpiName)}: ${step.reason}`);
      focusNext.current = block.key;
      commit(step.boxes, block.key, step.action);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (block.kind === 'header' || isItemType(block.type))
        setDialog({ kind: block.kind, key: block.key });
    } else if (event.key === 'Delete') {
      event.preventDefault();
      remove(block);
    }
  }

  function onPointerDown(event: PointerEvent<HTMLElement>, block: Block, mode: 'move' | 'resize') {
    if (event.button !== 0 || drag.current) return;
    const target = event.target as Element;
    if (mode === 'move' && target.closest('button, a, input, select, textarea')) return;
    // On a touch screen a finger on a tile scrolls the page; the grip moves the tile.
    if (mode === 'move' && event.pointerType === 'touch' && !target.closest('[data-drag-grip]'))
      return;
    const grid = gridRef.current;
    if (!grid) return;
    const style = getComputedStyle(grid);
    const columnGap = parseFloat(style.columnGap) || 0;
    const rowGap = parseFloat(style.rowGap) || 0;
    const rowHeight = parseFloat(style.gridAutoRows) || 72;
    drag.current = {
      key: block.key,
      mode,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      origin: block,
      last: block,
      pitchX: (grid.clientWidth + columnGap) / GRID_COLUMNS,
      pitchY: rowHeight + rowGap,
    };
    event.currentTarget.setPointerCapture?.(event.pointerId);
    event.currentTarget.closest<HTMLElement>('[data-block-key]')?.focus({ preventScroll: true });
    event.preventDefault();
  }

  function onPointerMove(event: PointerEvent<HTMLElement>) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const next = draggedBox(current.origin, current.mode, {
      x: cellsTravelled(event.clientX - current.startX, current.pitchX),
      y: cellsTravelled(event.clientY - current.startY, current.pitchY),
    });
    if (sameBox(next, current.last)) return;
    current.last = next;
    setPreview(
      current.mode === 'move'
        ? moveBox(blocks, current.key, next)
        : resizeBox(blocks, current.key, next),
    );
  }

  function onPointerEnd(event: PointerEvent<HTMLElement>, keep: boolean) {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    setPreview(null);
    if (!keep || sameBox(current.last, current.origin)) return;
    const next =
      current.mode === 'move'
        ? moveBox(blocks, current.key, current.last)
        : resizeBox(blocks, current.key, current.last);
    commit(next, current.key, current.mode);
  }

  function remove(block: Block) {
    const ordered = readingOrder(blocks);
    const index = ordered.findIndex((b) => b.key === block.key);
    const neighbour = ordered[index + 1] ?? ordered[index - 1];
    setBlocks(blocks.filter((b) => b.key !== block.key));
    focusNext.current = neighbour?.key ?? '';
    announce(`${blockLabel(block, kpiName)} removed. Cancel brings it back.`);
  }

  function submitItem(values: ItemFormValues) {
    const key = dialog?.key;
    if (key) {
      setBlocks(
        blocks.map((b) =>
          b.key === key && b.kind === 'item' ? { ...b, ...applyItemForm(b, values) } : b,
        ),
      );
      focusNext.current = key;
      announce(`${values.title.trim() ? `“${values.title.trim()}”` : 'Item'} changed`);
    } else {
      const item: ItemBlock = {
        kind: 'item',
        key: newBlockKey(),
        ...placeAtBottom(blocks, DEFAULT_ITEM_SIZE[values.type]),
        type: values.type,
        title: '',
        settings: [],
        filters: [],
      };
      const added = { ...item, ...applyItemForm(item, values) };
      setBlocks([...blocks, added]);
      focusNext.current = added.key;
      announce(`${blockLabel(added, kpiName)} added at ${describePlacement(added)}`);
    }
    setDialog(null);
  }

  function submitHeader(values: HeaderFormValues) {
    const key = dialog?.key;
    if (key) {
      setBlocks(
        blocks.map((b) => (b.key === key && b.kind === 'header' ? { ...b, ...values } : b)),
      );
      focusNext.current = key;
      announce(`Section “${values.header}” changed`);
    } else {
      const header: HeaderBlock = {
        kind: 'header',
        key: newBlockKey(),
        ...placeAtBottom(blocks, { w: GRID_COLUMNS, h: 1 }),
        ...values,
      };
      setBlocks([...blocks, header]);
      focusNext.current = header.key;
      announce(`${blockLabel(header, kpiName)} added at ${describePlacement(header)}`);
    }
    setDialog(null);
  }

  function closeGaps() {
    const next = compact(blocks);
    const moved = displaced(blocks, next, '');
    setBlocks(next);
    announce(
      moved === 0 ? 'There are no gaps to close' : `${plural(moved, 'block', 'blocks')} moved up`,
    );
  }

  function onSave() {
    save.mutate({ board, changes: layoutChanges(blocks) }, { onSuccess: () => onDone(true) });
  }

  const editing = dialog?.key ? blocks.find((b) => b.key === dialog.key) : undefined;
  const shown = preview ?? blocks;
  const saveProblems =
    save.error instanceof ApiError ? saveErrorMessages(save.error.fieldErrors(), blocks) : [];

  return (
    <div className="space-y-4">
      <div className="z-20 -mx-4 md:sticky md:top-0 border-b border-gray-200 bg-gray-50/95 px-4 py-3 backdrop-blur dark:border-gray-800 dark:bg-gray-950/95">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h1 className="truncate text-xl font-semibold">
              <span className="sr-only">Editing </span>
              {board.name}
            </h1>
            <p className="text-sm text-gray-600 dark:text-gray-400">
              Editing the layout{dirty ? ' · unsaved changes' : ''}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              ref={addButtonRef}
              type="button"
              className={buttonClass()}
              onClick={() => setDialog({ kind: 'item' })}
            >
              Add item
            </button>
            <Button onClick={() => setDialog({ kind: 'header' })}>Add section header</Button>
            <Button onClick={closeGaps} disabled={blocks.length === 0}>
              Close gaps
            </Button>
            <Button onClick={() => onDone(false)} disabled={save.isPending}>
              Cancel
            </Button>
            <Button variant="primary" onClick={onSave} disabled={save.isPending || !dirty}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </div>
        {save.isError && (
          <div
            role="alert"
            className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
          >
            <p className="font-medium text-red-800 dark:text-red-200">
              The layout could not be saved: {save.error.message}
            </p>
            {saveProblems.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-red-700 dark:text-red-300">
                {saveProblems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      <p id={instructionsId} className="sr-only">
        Arrow keys move this block one cell; Shift with the arrow keys resizes it. Enter edits it,
        Delete removes it.
      </p>
      <p className="text-sm text-gray-600 dark:text-gray-400">
        Drag a block to move it and its corner to resize it, or focus it and use the arrow keys
        (Shift+arrows resize). Blocks in the way move down.
        <span className="md:hidden">
          {' '}
          On a narrow screen the board scrolls sideways while you edit it.
        </span>
      </p>
      <div role="status" aria-live="polite" className="sr-only">
        {announcement}
      </div>

      {blocks.length === 0 ? (
        <EmptyState
          title="No items yet"
          action={
            <Button variant="primary" onClick={() => setDialog({ kind: 'item' })}>
              Add an item
            </Button>
          }
        >
          Add KPI tiles and charts, and section headers to group them.
        </EmptyState>
      ) : (
        <div className="-mx-4 overflow-x-auto px-4 pt-4 pb-4">
          <BoardGrid
            blocks={shown}
            mode="edit"
            gridRef={gridRef}
            label="Board layout"
            renderBlock={(block) => (
              <EditableBlock
                key={block.key}
                block={block}
                dragging={preview !== null && drag.current?.key === block.key}
                instructionsId={instructionsId}
                onPointerDown={(e, mode) => onPointerDown(e, block, mode)}
                onPointerMove={onPointerMove}
                onPointerEnd={onPointerEnd}
                onKeyDown={(e) => onKeyDown(e, block)}
                onEdit={
                  block.kind === 'header' || isItemType(block.type)
                    ? () => setDialog({ kind: block.kind, key: block.key })
                    : undefined
                }
                onRemove={() => remove(block)}
              >
                {block.kind === 'header' ? (
                  <div className="h-full rounded-xl border border-dashed border-gray-300 px-3 pt-1 dark:border-gray-700">
                    <SectionHeaderView block={block} present={false} />
                  </div>
                ) : (
                  <ItemView item={block} mode="edit" timeZone={timeZone} now={now} />
                )}
              </EditableBlock>
            )}
          />
        </div>
      )}

      <ItemDialog
        open={dialog?.kind === 'item'}
        item={editing?.kind === 'item' ? editing : undefined}
        label={editing ? blockLabel(editing, kpiName) : undefined}
        onClose={() => setDialog(null)}
        onSubmit={submitItem}
      />
      <HeaderDialog
        open={dialog?.kind === 'header'}
        header={editing?.kind === 'header' ? editing : undefined}
        onClose={() => setDialog(null)}
        onSubmit={submitHeader}
      />
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Leave without saving?"
        confirmLabel="Leave"
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        The changes to the layout of “{board.name}” have not been saved and will be lost.
      </ConfirmDialog>
    </div>
  );
}
