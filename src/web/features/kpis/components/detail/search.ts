import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { STATISTICS_TYPES, type StatisticsType } from '../../../../../contract/periods.ts';

export const DEFAULT_STATISTICS_TYPE: StatisticsType = 'month';

/** `?stats=`: the window of the statistics cards. */
export function readStatisticsType(params: URLSearchParams): StatisticsType {
  const value = params.get('stats');
  return (STATISTICS_TYPES as readonly (string | null)[]).includes(value)
    ? (value as StatisticsType)
    : DEFAULT_STATISTICS_TYPE;
}

/**
 * Sets (or, with null, removes) some search parameters and keeps the others. It replaces the
 * history entry: flicking through ranges should not fill the back button.
 */
export function useSearchPatch(): (patch: Record<string, string | null>) => void {
  const [, setSearchParams] = useSearchParams();
  return useCallback(
    (patch) =>
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
}
