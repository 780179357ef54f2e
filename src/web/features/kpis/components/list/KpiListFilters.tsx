import { useEffect, useEffectEvent, useId, useState } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';
import {
  LIST_PERIODS,
  MAX_SEARCH_LENGTH,
  hasFilters,
  parseSort,
  sortParam,
  type GroupOption,
  type KpiListState,
  type ListPeriod,
} from '../../list-model.ts';

export const SEARCH_DEBOUNCE_MS = 300;

const PERIOD_LABELS: Record<ListPeriod, string> = {
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
};

const SORT_CHOICES = [
  ['name', 'Name, A to Z'],
  ['-name', 'Name, Z to A'],
  ['-value', 'Value, highest first'],
  ['value', 'Value, lowest first'],
  ['-change', 'Change, largest rise first'],
  ['change', 'Change, largest fall first'],
  ['-dateUpdated', 'Last update, newest first'],
  ['dateUpdated', 'Last update, oldest first'],
] as const;

export type ListChange = (patch: Partial<KpiListState>, options?: { replace?: boolean }) => void;

/** The search box keeps what is typed and sends it on a pause, or at once on Enter. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // The URL changed elsewhere (Clear filters, back button): show what it now says.
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const search = useEffectEvent((q: string) => onSearch(q));
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => search(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <form
      role="search"
      className="min-w-0 flex-1 basis-full sm:basis-64"
      onSubmit={(e) => {
        e.preventDefault();
        if (text !== value) onSearch(text);
      }}
    >
      <Field label="Search by name">
        {(control) => (
          <input
            {...control}
            type="search"
            value={text}
            maxLength={MAX_SEARCH_LENGTH}
            placeholder="e.g. revenue"
            autoComplete="off"
            className={inputClass}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
    </form>
  );
}

function PeriodSwitch({
  value,
  onChange,
}: {
  value: ListPeriod;
  onChange: (period: ListPeriod) => void;
}) {
  const name = useId();
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-gray-800 dark:text-gray-200">Period</legend>
      <div className="flex rounded-md border border-gray-300 bg-white p-0.5 dark:border-gray-600 dark:bg-gray-900">
        {LIST_PERIODS.map((period) => (
          <label key={period} className="flex-1">
            <input
              type="radio"
              name={name}
              value={period}
              checked={value === period}
              onChange={() => onChange(period)}
              className="peer sr-only"
            />
            <span
              className={`block cursor-pointer rounded px-3 py-1.5 text-center text-sm font-medium text-gray-700 peer-checked:bg-blue-600 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-1 peer-focus-visible:outline-blue-600 hover:bg-gray-100 peer-checked:hover:bg-blue-600 dark:text-gray-200 dark:peer-checked:text-white dark:peer-focus-visible:outline-blue-400 dark:hover:bg-gray-800`}
            >
              {PERIOD_LABELS[period]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Search, group, owner, period and (on narrow screens, where there are no headers) sort. */
export function KpiListFilters({
  state,
  onChange,
  groupOptions,
  groupsLoading,
  users,
  currentUserId,
}: {
  state: KpiListState;
  onChange: ListChange;
  groupOptions: { favorites: GroupOption[]; others: GroupOption[] };
  groupsLoading: boolean;
  users: readonly { id: string; name: string }[];
  currentUserId: string | undefined;
}) {
  const knownGroup =
    state.group === '' ||
    [...groupOptions.favorites, ...groupOptions.others].some((o) => o.value === state.group);
  const me = users.find((u) => u.id === currentUserId);
  const others = users
    .filter((u) => u.id !== currentUserId)
    .sort((a, b) => a.name.localeCompare(b.name));
  const knownOwner = state.owner === '' || users.some((u) => u.id === state.owner);

  return (
    <div className="flex flex-wrap items-end gap-3">
      <SearchBox value={state.q} onSearch={(q) => onChange({ q }, { replace: true })} />
      <Field label="Group" className="min-w-0 flex-1 basis-36 sm:flex-none sm:basis-48">
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={state.group}
            onChange={(e) => onChange({ group: e.target.value })}
          >
            <option value="">All KPIs</option>
            {!knownGroup && (
              <option value={state.group}>{groupsLoading ? 'Loading…' : 'Unknown group'}</option>
            )}
            {groupOptions.favorites.length > 0 && (
              <optgroup label="Favorites">
                {groupOptions.favorites.map((o) => (
                  <option key={o.value} value={o.value}>
                    ★ {o.label}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={groupOptions.favorites.length > 0 ? 'Other groups' : 'Groups'}>
              {groupOptions.others.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      <Field label="Owner" className="min-w-0 flex-1 basis-36 sm:flex-none sm:basis-44">
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={state.owner}
            onChange={(e) => onChange({ owner: e.target.value })}
          >
            <option value="">Anyone</option>
            {!knownOwner && <option value={state.owner}>Unknown person</option>}
            {me && <option value={me.id}>Me ({me.name})</option>}
            {others.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="basis-full sm:basis-auto">
        <PeriodSwitch value={state.period} onChange={(period) => onChange({ period })} />
      </div>
      <Field label="Sort by" className="min-w-0 flex-1 basis-full sm:basis-56 lg:hidden">
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={sortParam(state.sort)}
            onChange={(e) => onChange({ sort: parseSort(e.target.value) })}
          >
            {SORT_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {hasFilters(state) && (
        <Button
          variant="ghost"
          className="underline"
          onClick={() => onChange({ q: '', group: '', owner: '' })}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
