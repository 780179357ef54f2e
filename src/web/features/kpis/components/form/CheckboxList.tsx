import { useId, useState, type ReactNode, type Ref } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';
import { inputClass } from '../../../../components/ui/Field.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';

export interface CheckboxOption {
  id: string;
  label: string;
  detail?: string;
}

/** Past this many options a filter box helps find one. */
const FILTER_THRESHOLD = 8;

/**
 * A multi-select as a labelled group of checkboxes in a scrolling box: Tab reaches it, Space
 * toggles, and every option is a native control that assistive technology knows.
 */
export function CheckboxList({
  legend,
  hint,
  error,
  options,
  selected,
  onChange,
  status,
  onRetry,
  empty,
  groupRef,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: readonly CheckboxOption[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  status: 'pending' | 'error' | 'success';
  onRetry?: () => void;
  empty: ReactNode;
  groupRef?: Ref<HTMLFieldSetElement>;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;

  // Selected ids the list does not know (a user who left the account) stay visible, so they can be removed.
  const known = new Set(options.map((o) => o.id));
  const all: CheckboxOption[] = [
    ...selected.filter((s) => !known.has(s)).map((s) => ({ id: s, label: 'Unknown', detail: s })),
    ...options,
  ];
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? all.filter((o) => `${o.label} ${o.detail ?? ''}`.toLowerCase().includes(needle))
    : all;
  const chosen = new Set(selected);

  const toggle = (optionId: string, checked: boolean) =>
    onChange(checked ? [...selected, optionId] : selected.filter((s) => s !== optionId));

  return (
    <fieldset
      ref={groupRef}
      aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
      className="min-w-0"
    >
      <legend className="mb-1 text-sm font-medium text-gray-800 dark:text-gray-200">
        {legend}
      </legend>
      {status === 'pending' && (
        <div className="space-y-2 rounded-md border border-gray-200 p-3 dark:border-gray-700">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-3/5" />
          <span className="sr-only">Loading…</span>
        </div>
      )}
      {status === 'error' && (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          The list could not be loaded.
          {onRetry && (
            <Button size="sm" className="ml-2" onClick={onRetry}>
              Try again
            </Button>
          )}
        </div>
      )}
      {status === 'success' && all.length === 0 && (
        <p className="rounded-md border border-dashed border-gray-300 p-3 text-sm text-gray-600 dark:border-gray-700 dark:text-gray-400">
          {empty}
        </p>
      )}
      {status === 'success' && all.length > 0 && (
        <>
          {all.length > FILTER_THRESHOLD && (
            <input
              type="search"
              aria-label={`Filter ${legend.toLowerCase()}`}
              placeholder="Filter…"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className={`${inputClass} mb-2`}
            />
          )}
          <ul
            className={`max-h-52 overflow-y-auto rounded-md border bg-white dark:bg-gray-900 ${
              error ? 'border-red-600 dark:border-red-400' : 'border-gray-300 dark:border-gray-600'
            }`}
          >
            {shown.map((option) => (
              <li key={option.id}>
                <label className="flex cursor-pointer items-start gap-2 px-3 py-2 text-sm hover:bg-gray-50 dark:hover:bg-gray-800">
                  <input
                    type="checkbox"
                    checked={chosen.has(option.id)}
                    onChange={(e) => toggle(option.id, e.target.checked)}
                    className="mt-0.5 h-4 w-4 shrink-0 accent-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:accent-blue-400 dark:focus-visible:outline-blue-400"
                  />
                  <span className="min-w-0">
                    <span className="block break-words text-gray-900 dark:text-gray-100">
                      {option.label}
                    </span>
                    {option.detail && (
                      <span className="block break-all text-xs text-gray-600 dark:text-gray-400">
                        {option.detail}
                      </span>
                    )}
                  </span>
                </label>
              </li>
            ))}
            {shown.length === 0 && (
              <li className="px-3 py-2 text-sm text-gray-600 dark:text-gray-400">
                Nothing matches “{filter.trim()}”.
              </li>
            )}
          </ul>
          <p className="mt-1 text-xs text-gray-600 dark:text-gray-400" aria-live="polite">
            {selected.length} selected
          </p>
        </>
      )}
      {hint && !error && (
        <p id={hintId} className="mt-1 text-xs text-gray-600 dark:text-gray-400">
          {hint}
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
