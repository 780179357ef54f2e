import { useQuery } from '@tanstack/react-query';
import { changeTone, formatKpiValue } from '../../../../../contract/format.ts';
import { DeltaBadge } from '../../../../components/kpi/DeltaBadge.tsx';
import { Sparkline } from '../../../../components/kpi/Sparkline.tsx';
import { snapshotGroupsQuery } from '../../../../queries/snapshot-groups.ts';
import { boardKpiQuery } from '../../api/queries.ts';
import type { ItemBlock } from '../../layout.ts';
import { GROUP_BY_LABELS, readItemSettings } from './item-settings.ts';
import { useBoardRefresh } from './refresh.ts';
import { TileHeader } from './TileHeader.tsx';
import { numberTileModel, trendDates, zoneOf } from './tile-model.ts';
import { TileError, TileNote, TileSkeleton } from './TileStates.tsx';

/** One KPI's value in the current period, its change since the one before, and its trend. */
export function NumberTile({
  item,
  near,
  timeZone,
  now,
  present,
}: {
  item: ItemBlock;
  near: boolean;
  timeZone: string;
  now: number;
  present: boolean;
}) {
  const { kpiIds, groupBy } = readItemSettings(item.settings);
  const kpiId = kpiIds[0] ?? '';
  const refetchInterval = useBoardRefresh();
  const tz = zoneOf(timeZone);
  const kpi = useQuery({ ...boardKpiQuery(kpiId), enabled: near && kpiId !== '', refetchInterval });
  const readParams = { ids: [kpiId], groupBy, timeZone, ...trendDates(groupBy, now, tz) };
  const groups = useQuery({
    ...snapshotGroupsQuery(readParams),
    enabled: near && kpiId !== '',
    refetchInterval,
  });
  const title = item.title || kpi.data?.name || 'KPI';

  if (kpiId === '') {
    return (
      <>
        <TileHeader title={title} present={present} />
        <TileNote>No KPI chosen yet. Edit this item to pick one.</TileNote>
      </>
    );
  }
  if (kpi.isError || groups.isError) {
    return (
      <>
        <TileHeader title={title} present={present} />
        <TileError
          title={title}
          error={kpi.error ?? groups.error}
          onRetry={() => {
            if (kpi.isError) void kpi.refetch();
            if (groups.isError) void groups.refetch();
          }}
        />
      </>
    );
  }
  if (!kpi.data || !groups.data) {
    return (
      <>
        <TileHeader title={title} present={present} />
        <div aria-busy="true" className="min-h-0 flex-1">
          <span className="sr-only">Loading {title}</span>
          <TileSkeleton kind="number" />
        </div>
      </>
    );
  }

  const model = numberTileModel(groups.data[kpiId] ?? [], groupBy, now, tz);
  const { formatting, targetOperator, name } = kpi.data;
  const tone = changeTone(model.delta, targetOperator);
  return (
    <>
      <TileHeader title={title} present={present} aside={model.current.label} />
      <p
        className={`font-semibold tracking-tight tabular-nums ${present ? 'text-5xl' : 'text-3xl'}`}
      >
        {formatKpiValue(model.current.value, formatting)}
        {model.current.value === null && (
          <span className="sr-only"> (no value recorded for {model.current.label})</span>
        )}
      </p>
      <p className={`flex flex-wrap items-baseline gap-x-1.5 ${present ? 'text-lg' : 'text-sm'}`}>
        {model.current.value === null ? (
          <span className="text-gray-600 dark:text-gray-400">
            {model.latest
              ? `Latest ${formatKpiValue(model.latest.value, formatting)} in ${model.latest.label}`
              : 'No values recorded yet'}
          </span>
        ) : (
          <>
            <DeltaBadge
              delta={model.delta}
              percentage={model.percentage}
              formatting={formatting}
              targetOperator={targetOperator}
            />
            <span className="text-gray-600 dark:text-gray-400">vs {model.previous.label}</span>
          </>
        )}
      </p>
      <div className="mt-auto pt-1">
        <Sparkline
          values={model.trend}
          tone={tone}
          width={present ? 200 : 128}
          height={present ? 40 : 28}
          label={`${name} by ${GROUP_BY_LABELS[groupBy].toLowerCase()}, last ${model.trend.length} recorded`}
        />
      </div>
    </>
  );
}
