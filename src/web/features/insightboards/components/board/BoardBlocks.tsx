import type { Block } from '../../layout.ts';
import { BoardGrid, PLACEMENT, placementStyle, type BoardMode } from './BoardGrid.tsx';
import { ItemView } from './ItemView.tsx';
import { SectionHeaderView } from './SectionHeaderView.tsx';

/** The board as people read it: viewed in the app, or presented on a screen. */
export function BoardBlocks({
  blocks,
  mode,
  timeZone,
  now,
}: {
  blocks: readonly Block[];
  mode: Exclude<BoardMode, 'edit'>;
  timeZone: string;
  now: number;
}) {
  return (
    <BoardGrid
      blocks={blocks}
      mode={mode}
      renderBlock={(block) => (
        <div key={block.key} style={placementStyle(block)} className={`${PLACEMENT[mode]} min-w-0`}>
          {block.kind === 'header' ? (
            <SectionHeaderView block={block} present={mode === 'present'} />
          ) : (
            <ItemView item={block} mode={mode} timeZone={timeZone} now={now} />
          )}
        </div>
      )}
    />
  );
}
