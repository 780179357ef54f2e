import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ITEM_TYPES, type ItemType } from '../../../../../contract/dashboards.ts';
import { GRANULARITIES, type Granularity } from '../../../../../contract/periods.ts';
import { Button, focusRing } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';
import { boardKpiQuery, kpiChoicesQuery } from '../../api/queries.ts';
import type { ItemBlock } from '../../layout.ts';
import {
  itemFormDefaults,
  MAX_TITLE_LENGTH,
  toggleKpi,
  validateItemForm,
  type ItemFormErrors,
  type ItemFormValues,
  type KpiChoice,
} from './item-form.ts';
import {
  GROUP_BY_LABELS,
  ITEM_TYPE_LABELS,
  RANGE_LABELS,
  RANGE_PRESETS,
  type RangePreset,
} from './item-settings.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The KPIs matching the search, to tick (a chart) or choose (a number tile). */
function KpiPicker({
  type,
  selected,
  onToggle,
  error,
}: {
  type: ItemType;
  selected: readonly KpiChoice[];
  onToggle: (choice: KpiChoice) => void;
  error?: string;
}) {
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 250);
  const choices = useQuery(kpiChoicesQuery(debounced));
  const listId = useId();
  const errorId = useId();
  const multiple = type === 'kpi-chart';

  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1 text-sm font-medium text-gray-800 dark:text-gray-200">
        {multiple ? 'KPIs' : 'KPI'}
      </legend>
      {selected.length > 0 && (
        <ul className="mb-2 flex flex-wrap gap-1.5" aria-label="Chosen KPIs">
          {selected.map((kpi) => (
            <li
              key={kpi.id}
              className="flex items-center gap-1 rounded-full bg-blue-50 py-0.5 pr-1 pl-2.5 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100"
            >
              {kpi.name}
              <button
                type="button"
                onClick={() => onToggle(kpi)}
                className={`rounded-full px-1.5 leading-5 hover:bg-blue-100 dark:hover:bg-blue-900 ${focusRing}`}
                aria-label={`Remove ${kpi.name}`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${listId}-search`} className="sr-only">
        Search KPIs
      </label>
      <input
        id={`${listId}-search`}
        type="search"
        className={inputClass}
        placeholder="Search KPIs by name"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-controls={listId}
        aria-invalid={Boolean(error)}
      />
      <div
        id={listId}
        className="mt-2 max-h-52 overflow-y-auto rounded-md border border-gray-200 dark:border-gray-700"
        aria-busy={choices.isFetching}
      >
        {choices.isPending ? (
          <div className="space-y-2 p-2" aria-label="Loading KPIs">
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
            <Skeleton className="h-5 w-3/5" />
          </div>
        ) : choices.isError ? (
          <div role="alert" className="p-3 text-sm text-red-700 dark:text-red-300">
            The KPIs could not be loaded: {choices.error.message}{' '}
            <Button size="sm" onClick={() => void choices.refetch()}>
              Try again
            </Button>
          </div>
        ) : choices.data.items.length === 0 ? (
          <p className="p-3 text-sm text-gray-600 dark:text-gray-400">
            {debounced.trim() ? `No KPIs match “${debounced.trim()}”.` : 'There are no KPIs yet.'}
          </p>
        ) : (
          <ul className="divide-y divide-gray-100 dark:divide-gray-800">
            {choices.data.items.map((kpi) => {
              const choice = { id: kpi.id, name: kpi.name ?? kpi.id };
              const checked = selected.some((k) => k.id === kpi.id);
              return (
                <li key={kpi.id}>
                  <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-gray-50 dark:hover:bg-gray-800">
                    <input
                      type={multiple ? 'checkbox' : 'radio'}
                      name={multiple ? undefined : `${listId}-kpi`}
                      checked={checked}
                      onChange={() => onToggle(choice)}
                      className="h-4 w-4 accent-blue-600"
                    />
                    {choice.name}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {choices.data && choices.data.totalCount > choices.data.items.length && (
        <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">
          Showing {choices.data.items.length} of {choices.data.totalCount}; search to narrow down.
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function ItemForm({
  item,
  formId,
  onSubmit,
}: {
  item?: ItemBlock;
  formId: string;
  onSubmit: (values: ItemFormValues) => void;
}) {
  const defaults = itemFormDefaults(item);
  // Names of the KPIs the item already shows, for the chips.
  const known = useQueries({ queries: defaults.kpiIds.map((id) => boardKpiQuery(id)) });
  const [type, setType] = useState<ItemType>(defaults.type);
  const [title, setTitle] = useState(defaults.title);
  const [picked, setPicked] = useState<KpiChoice[] | null>(null);
  const [groupBy, setGroupBy] = useState<Granularity>(defaults.groupBy);
  const [range, setRange] = useState<RangePreset>(defaults.range);
  const [submitted, setSubmitted] = useState(false);

  const selected =
    picked ?? defaults.kpiIds.map((id, i) => ({ id, name: known[i]?.data?.name ?? 'Loading…' }));
  const values: ItemFormValues = { type, title, kpis: selected, groupBy, range };
  // Messages appear on the first submit, then follow the person's changes.
  const shown: ItemFormErrors = submitted ? validateItemForm(values) : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validateItemForm(values)).length === 0) onSubmit(values);
  }

  return (
    <form id={formId} onSubmit={submit} noValidate className="space-y-4">
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-gray-800 dark:text-gray-200">Kind</legend>
        <div className="flex flex-wrap gap-4">
          {ITEM_TYPES.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${formId}-kind`}
                value={kind}
                checked={type === kind}
                onChange={() => {
                  setType(kind);
                  // A number tile keeps the first of a chart's KPIs.
                  if (kind === 'kpi-number' && selected.length > 1) setPicked(selected.slice(0, 1));
                }}
                className="h-4 w-4 accent-blue-600"
              />
              {ITEM_TYPE_LABELS[kind]}
            </label>
          ))}
        </div>
      </fieldset>

      <KpiPicker
        type={type}
        selected={selected}
        onToggle={(choice) => setPicked(toggleKpi(selected, choice, type))}
        error={shown.kpis}
      />

      <Field label="Title" hint="Leave it empty to show the KPI's name." error={shown.title}>
        {(control) => (
          <input
            {...control}
            className={inputClass}
            value={title}
            maxLength={MAX_TITLE_LENGTH + 50}
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Period"
          hint={
            type === 'kpi-number'
              ? 'The tile shows this period and the change since the last one.'
              : 'One point per period.'
          }
        >
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={groupBy}
              onChange={(e) => setGroupBy(e.target.value as Granularity)}
            >
              {GRANULARITIES.map((g) => (
                <option key={g} value={g}>
                  {GROUP_BY_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {type === 'kpi-chart' && (
          <Field label="Range">
            {(control) => (
              <select
                {...control}
                className={inputClass}
                value={range}
                onChange={(e) => setRange(e.target.value as RangePreset)}
              >
                {RANGE_PRESETS.map((r) => (
                  <option key={r} value={r}>
                    {RANGE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
    </form>
  );
}

/** Adds an item, or changes one: which KPIs, as a number tile or a chart, by which period. */
export function ItemDialog({
  open,
  item,
  label,
  onClose,
  onSubmit,
}: {
  open: boolean;
  item?: ItemBlock;
  /** How the item is called elsewhere (its title, or its KPIs' names). */
  label?: string;
  onClose: () => void;
  onSubmit: (values: ItemFormValues) => void;
}) {
  const formId = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={item ? `Edit ${label ?? `“${item.title || 'item'}”`}` : 'Add an item'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId}>
            {item ? 'Apply' : 'Add item'}
          </Button>
        </>
      }
    >
      {open && <ItemForm item={item} formId={formId} onSubmit={onSubmit} />}
    </Dialog>
  );
}
