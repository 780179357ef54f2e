import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { Button, focusRing } from '../../../components/ui/Button.tsx';
import { useKpiCandidates } from '../api/search-kpis.ts';
import { useAddKpisToGroup, type KpiRef } from '../api/mutations.ts';
import { CANDIDATES_PAGE_SIZE, MAX_SEARCH_LENGTH, kpiCount } from '../groups-model.ts';

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

type Outcome = { tone: 'success' | 'error'; text: string };

function describeOutcome(
  groupName: string,
  added: number,
  failed: { kpi: KpiRef; error: unknown }[],
): Outcome {
  if (failed.length === 0) {
    return { tone: 'success', text: `Added ${kpiCount(added)} to ${groupName}.` };
  }
  const reasons = failed
    .map(({ kpi, error }) => `${kpi.name} (${error instanceof Error ? error.message : 'failed'})`)
    .join('; ');
  const done = added > 0 ? `Added ${kpiCount(added)}. ` : '';
  return {
    tone: 'error',
    text: `${done}${kpiCount(failed.length)} could not be added: ${reasons}. They are still selected; try again.`,
  };
}

/**
 * A searchable multi-select of the KPIs that are not in the group (searched on the server), with
 * the chosen ones as chips, and a button that adds them all. A combobox with a listbox: arrows
 * move, Enter picks or drops, Escape closes, Backspace in an empty search drops the last chip.
 */
export function KpiPicker({
  group,
  inputRef,
}: {
  group: Pick<KpiGroup, 'id' | 'name'>;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const listboxId = `${id}-listbox`;
  const optionId = (kpiId: string) => `${id}-option-${kpiId}`;
  const ownInput = useRef<HTMLInputElement | null>(null);
  const input = inputRef ?? ownInput;
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 250);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<KpiRef[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const candidates = useKpiCandidates(group.id, search, open);
  const add = useAddKpisToGroup(group.id);

  const options = candidates.data?.items ?? [];
  const activeIndex = Math.min(active, options.length - 1);
  const activeOption = open && activeIndex >= 0 ? options[activeIndex] : undefined;
  const isSelected = (kpiId: string) => selected.some((k) => k.id === kpiId);
  const searching = candidates.isFetching || query.trim() !== search;

  const activeOptionId = activeOption ? optionId(activeOption.id) : undefined;
  useEffect(() => {
    if (activeOptionId) {
      document.getElementById(activeOptionId)?.scrollIntoView?.({ block: 'nearest' });
    }
  }, [activeOptionId]);

  const toggle = (kpi: KpiRef) => {
    setOutcome(null);
    setSelected((current) =>
      current.some((k) => k.id === kpi.id)
        ? current.filter((k) => k.id !== kpi.id)
        : [...current, { id: kpi.id, name: kpi.name }],
    );
  };
  const unselect = (kpiId: string) =>
    setSelected((current) => current.filter((k) => k.id !== kpiId));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else setActive(Math.min(activeIndex + 1, options.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (open) setActive(Math.max(activeIndex - 1, 0));
        break;
      case 'Enter':
        event.preventDefault();
        if (!open) setOpen(true);
        else if (activeOption) toggle(activeOption);
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
        } else if (query !== '') {
          event.preventDefault();
          setQuery('');
        }
        break;
      case 'Backspace':
        if (query === '' && selected.length > 0) unselect(selected[selected.length - 1]!.id);
        break;
    }
  };

  const submit = () => {
    if (selected.length === 0 || add.isPending) return;
    const picked = selected;
    add.mutate(picked, {
      onSuccess: ({ added, failed }) => {
        const failedIds = new Set(failed.map((f) => f.kpi.id));
        setSelected((current) => current.filter((k) => failedIds.has(k.id)));
        setOutcome(describeOutcome(group.name, added.length, failed));
        input.current?.focus();
      },
      onError: (error) =>
        setOutcome({ tone: 'error', text: `Nothing was added: ${error.message}` }),
    });
  };

  const total = candidates.data?.totalCount ?? 0;
  let popover;
  if (candidates.isPending) {
    popover = <p className="px-3 py-2 text-sm text-gray-600 dark:text-gray-400">Searching…</p>;
  } else if (candidates.isError && !candidates.data) {
    popover = (
      <div role="alert" className="space-y-2 px-3 py-2 text-sm text-red-700 dark:text-red-300">
        <p>The KPIs could not be searched: {candidates.error.message}</p>
        <Button
          size="sm"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void candidates.refetch()}
        >
          Try again
        </Button>
      </div>
    );
  } else if (options.length === 0) {
    popover = (
      <p className="px-3 py-2 text-sm text-gray-600 dark:text-gray-400">
        {search === ''
          ? `Every KPI is already in ${group.name}.`
          : `No KPI outside ${group.name} is named like “${search}”.`}
      </p>
    );
  }

  return (
    <div className="space-y-3">
      <div>
        <label
          htmlFor={`${id}-input`}
          className="mb-1 block text-sm font-medium text-gray-800 dark:text-gray-200"
        >
          Find KPIs to add
        </label>
        <div className="relative">
          <div className="flex min-h-10 flex-wrap items-center gap-1.5 rounded-md border border-gray-300 bg-white px-2 py-1 focus-within:outline-2 focus-within:outline-blue-600 dark:border-gray-600 dark:bg-gray-900 dark:focus-within:outline-blue-400">
            {selected.length > 0 && (
              <ul aria-label="Selected KPIs" className="contents">
                {selected.map((kpi) => (
                  <li
                    key={kpi.id}
                    className="inline-flex max-w-full items-center gap-1 rounded-full bg-blue-50 py-0.5 pr-1 pl-2.5 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100"
                  >
                    <span className="truncate">{kpi.name}</span>
                    <button
                      type="button"
                      onClick={() => unselect(kpi.id)}
                      aria-label={`Remove ${kpi.name} from the selection`}
                      className={`rounded-full p-1 leading-none hover:bg-blue-100 dark:hover:bg-blue-900 ${focusRing}`}
                    >
                      <svg
                        aria-hidden="true"
                        viewBox="0 0 12 12"
                        className="h-3 w-3 stroke-current"
                      >
                        <path d="M3 3l6 6M9 3l-6 6" strokeWidth="1.5" strokeLinecap="round" />
                      </svg>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <input
              id={`${id}-input`}
              ref={input}
              role="combobox"
              aria-expanded={open}
              aria-controls={listboxId}
              aria-autocomplete="list"
              aria-activedescendant={activeOptionId}
              aria-describedby={`${id}-hint`}
              value={query}
              maxLength={MAX_SEARCH_LENGTH}
              placeholder={selected.length > 0 ? 'Search for more' : 'Search KPIs by name'}
              autoComplete="off"
              onChange={(e) => {
                setQuery(e.target.value);
                setOpen(true);
                setActive(0);
              }}
              onClick={() => setOpen(true)}
              onBlur={() => setOpen(false)}
              onKeyDown={onKeyDown}
              className="min-w-40 flex-1 border-0 bg-transparent px-1 py-1 text-sm text-gray-900 outline-none placeholder:text-gray-500 dark:text-gray-100 dark:placeholder:text-gray-400"
            />
          </div>
          {open && (
            <div
              className="absolute inset-x-0 top-full z-20 mt-1 rounded-md border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
              // Clicks inside keep the focus in the search box.
              onMouseDown={(e) => e.preventDefault()}
            >
              {popover}
              <ul
                id={listboxId}
                role="listbox"
                aria-multiselectable="true"
                aria-label={`KPIs outside ${group.name}`}
                aria-busy={searching}
                hidden={options.length === 0}
                className="max-h-64 overflow-auto"
              >
                {options.map((kpi, index) => {
                  const picked = isSelected(kpi.id);
                  return (
                    <li
                      key={kpi.id}
                      id={optionId(kpi.id)}
                      role="option"
                      aria-selected={picked}
                      onClick={() => toggle(kpi)}
                      onMouseMove={() => index !== activeIndex && setActive(index)}
                      className={`flex cursor-pointer items-center gap-2 px-3 py-2 text-sm ${
                        index === activeIndex
                          ? 'bg-blue-50 text-blue-950 dark:bg-blue-950 dark:text-blue-50'
                          : 'text-gray-900 dark:text-gray-100'
                      }`}
                    >
                      <span
                        aria-hidden="true"
                        className={`inline-flex h-4 w-4 shrink-0 items-center justify-center rounded border ${
                          picked
                            ? 'border-blue-600 bg-blue-600 text-white dark:border-blue-400 dark:bg-blue-400 dark:text-gray-900'
                            : 'border-gray-400 dark:border-gray-500'
                        }`}
                      >
                        {picked && (
                          <svg viewBox="0 0 12 12" className="h-3 w-3">
                            <path
                              d="M2.5 6.5l2.5 2.5 4.5-5"
                              fill="none"
                              stroke="currentColor"
                              strokeWidth="1.8"
                              strokeLinecap="round"
                            />
                          </svg>
                        )}
                      </span>
                      <span className="min-w-0 break-words">{kpi.name}</span>
                    </li>
                  );
                })}
              </ul>
              {options.length > 0 && total > options.length && (
                <p className="border-t border-gray-200 px-3 py-2 text-xs text-gray-600 dark:border-gray-700 dark:text-gray-400">
                  The first {CANDIDATES_PAGE_SIZE} of {total} matches; type to narrow them down.
                </p>
              )}
            </div>
          )}
        </div>
        <p id={`${id}-hint`} className="mt-1 text-xs text-gray-600 dark:text-gray-400">
          Only KPIs outside {group.name} are listed. Arrow keys move, Enter picks or drops a KPI.
        </p>
        <p role="status" className="sr-only">
          {open && !candidates.isPending && !searching
            ? options.length === 0
              ? 'No KPIs found'
              : `${kpiCount(total)} found`
            : ''}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          onClick={submit}
          disabled={selected.length === 0 || add.isPending}
        >
          {add.isPending
            ? `Adding ${kpiCount(selected.length)}…`
            : selected.length === 0
              ? 'Add KPIs'
              : `Add ${kpiCount(selected.length)}`}
        </Button>
        {selected.length > 0 && !add.isPending && (
          <Button variant="ghost" size="sm" onClick={() => setSelected([])}>
            Clear selection
          </Button>
        )}
      </div>
      <div aria-live="polite">
        {outcome && (
          <p
            role={outcome.tone === 'error' ? 'alert' : undefined}
            className={`text-sm ${
              outcome.tone === 'error'
                ? 'text-red-700 dark:text-red-400'
                : 'text-green-800 dark:text-green-300'
            }`}
          >
            {outcome.text}
          </p>
        )}
      </div>
    </div>
  );
}
