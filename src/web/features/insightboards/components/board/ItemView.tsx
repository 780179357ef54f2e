import { useRef } from 'react';
import type { ItemBlock } from '../../layout.ts';
import type { BoardMode } from './BoardGrid.tsx';
import { ChartTile } from './ChartTile.tsx';
import { isItemType, RANGE_LABELS, readItemSettings } from './item-settings.ts';
import { ItemBoundary } from './ItemBoundary.tsx';
import { NumberTile } from './NumberTile.tsx';
import { TileHeader } from './TileHeader.tsx';
import { TileNote, TileSkeleton } from './TileStates.tsx';
import { useNearViewport } from './use-near-viewport.ts';

export const CARD =
  'rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900';

/** On one column, tiles take the height their kind needs; on the grid, the rows they span. */
const NARROW_HEIGHT: Record<string, string> = {
  'kpi-number': 'min-h-40 md:min-h-0',
  'kpi-chart': 'h-80 md:h-auto',
};

/**
 * A tile not yet near the viewport, as its tile shows itself while it waits, without mounting
 * its reads: a board of fifty items renders a handful of tiles in full at first, not fifty.
 */
function FarTile({ item, present }: { item: ItemBlock; present: boolean }) {
  const chart = item.type === 'kpi-chart';
  const title = item.title || (chart ? 'Chart' : 'KPI');
  const { range } = readItemSettings(item.settings);
  return (
    <>
      <TileHeader title={title} present={present} aside={chart ? RANGE_LABELS[range] : undefined} />
      <div aria-busy="true" className={chart ? 'flex min-h-0 flex-1 flex-col' : 'min-h-0 flex-1'}>
        <span className="sr-only">Loading {title}</span>
        <TileSkeleton kind={chart ? 'chart' : 'number'} />
      </div>
    </>
  );
}

/**
 * One item's card: it loads its data only once it is near the viewport, and a failure inside it
 * stays inside it.
 */
export function ItemView({
  item,
  mode,
  timeZone,
  now,
}: {
  item: ItemBlock;
  mode: BoardMode;
  timeZone: string;
  now: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useNearViewport(ref);
  const present = mode === 'present';
  const title = item.title || 'Untitled item';
  const height = mode === 'edit' ? 'h-full' : `${NARROW_HEIGHT[item.type] ?? ''} md:h-full`;
  return (
    <div
      ref={ref}
      className={`${CARD} ${height} flex min-w-0 flex-col gap-1 overflow-hidden ${present ? 'p-5' : 'p-3.5'}`}
    >
      <ItemBoundary title={title}>
        {(attempt) => {
          const props = { item, near, timeZone, now, present };
          if (!near && isItemType(item.type) && readItemSettings(item.settings).kpiIds.length > 0)
            return <FarTile item={item} present={present} />;
          if (item.type === 'kpi-number') return <NumberTile {...props} />;
          if (item.type === 'kpi-chart') return <ChartTile {...props} attempt={attempt} />;
          return (
            <>
              <TileHeader title={title} present={present} />
              <TileNote>
                This item type is not supported here
                {isItemType(item.type) || !item.type ? '' : ` (${item.type})`}.
              </TileNote>
            </>
          );
        }}
      </ItemBoundary>
    </div>
  );
}
