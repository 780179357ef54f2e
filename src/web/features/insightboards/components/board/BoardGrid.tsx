import type { CSSProperties, ReactNode, Ref } from 'react';
import { readingOrder, type Block, type GridBox } from '../../layout.ts';

export type BoardMode = 'view' | 'present' | 'edit';

/** Where a block sits, as CSS variables that the grid's classes read. */
export function placementStyle(box: GridBox): CSSProperties {
  return {
    '--col': `${box.x + 1} / span ${box.w}`,
    '--row': `${box.y + 1} / span ${box.h}`,
  } as CSSProperties;
}

/**
 * Viewing and presenting: 12 columns from `md` up, a single column in reading order below it.
 * Editing: always the 12 columns, scrolled sideways on a narrow screen.
 */
const GRID: Record<BoardMode, string> = {
  view: 'grid grid-cols-1 gap-4 md:grid-cols-12 md:auto-rows-[4.5rem]',
  present: 'grid grid-cols-1 gap-5 md:grid-cols-12 md:auto-rows-[6.5rem]',
  edit: 'grid min-w-[720px] grid-cols-12 auto-rows-[4.5rem] gap-4',
};

export const PLACEMENT: Record<BoardMode, string> = {
  view: 'md:[grid-column:var(--col)] md:[grid-row:var(--row)]',
  present: 'md:[grid-column:var(--col)] md:[grid-row:var(--row)]',
  edit: '[grid-column:var(--col)] [grid-row:var(--row)]',
};

/** The board's blocks on the grid, in reading order (row, then column). */
export function BoardGrid({
  blocks,
  mode,
  renderBlock,
  gridRef,
  label,
}: {
  blocks: readonly Block[];
  mode: BoardMode;
  renderBlock: (block: Block) => ReactNode;
  gridRef?: Ref<HTMLDivElement>;
  label?: string;
}) {
  return (
    <div
      ref={gridRef}
      className={`relative ${GRID[mode]}`}
      aria-label={label}
      role={label ? 'group' : undefined}
    >
      {readingOrder(blocks).map(renderBlock)}
    </div>
  );
}
