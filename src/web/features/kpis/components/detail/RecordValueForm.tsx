import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../../../client/http.ts';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi } from '../../../../../contract/kpis.ts';
import {
  GRANULARITIES,
  parseTimeZone,
  UTC,
  type Granularity,
} from '../../../../../contract/periods.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { Field, fitInputClass, inputClass } from '../../../../components/ui/Field.tsx';
import { useRecordSnapshot } from '../../api/mutations.ts';
import { describePeriod, GRANULARITY_LABELS } from '../../chart-model.ts';
import {
  draftForInstant,
  PeriodPicker,
  periodKeyFromDraft,
  type PeriodDraft,
} from './PeriodPicker.tsx';

export type ValueResult = { value: number; error: null } | { value: null; error: string };

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A value as people type it: '1250', '-3.5', '1,250.75', '+4', with spaces around it and the
 * typographic minus allowed. Anything else is refused with a message.
 */
export function parseValueInput(text: string): ValueResult {
  let cleaned = text.trim().replace(/\u2212/g, '-');
  if (cleaned === '') return { value: null, error: 'Enter a value' };
  if (THOUSANDS.test(cleaned)) cleaned = cleaned.replace(/,/g, '');
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isFinite(value)) {
    return { value: null, error: 'Enter a number, such as 1250 or 12.5' };
  }
  return { value, error: null };
}

const AGGREGATION_HINTS: Record<Kpi['aggregation'], string> = {
  last: 'the latest value recorded for a period is the one that counts',
  sum: 'values recorded for the same period add up',
  average: 'values recorded for the same period are averaged',
  min: 'the lowest value recorded for a period is the one that counts',
  max: 'the highest value recorded for a period is the one that counts',
};

interface FormErrors {
  group?: string | null;
  value?: string | null;
  form?: string | null;
}

/**
 * Records one value for a period. The kind of period follows the chart's grouping unless the
 * person picks another; 400 answers are shown next to the field they concern.
 */
export function RecordValueForm({
  kpi,
  groupBy,
  timeZone,
}: {
  kpi: Kpi;
  groupBy: Granularity;
  timeZone: string;
}) {
  const record = useRecordSnapshot(kpi.id);
  const [granularity, setGranularity] = useState<Granularity>(groupBy);
  const [followedGroupBy, setFollowedGroupBy] = useState<Granularity>(groupBy);
  if (followedGroupBy !== groupBy) {
    setFollowedGroupBy(groupBy);
    setGranularity(groupBy);
  }
  const [draft, setDraft] = useState<PeriodDraft>(() =>
    draftForInstant(Date.now(), parseTimeZone(timeZone) ?? UTC),
  );
  const [valueText, setValueText] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [recorded, setRecorded] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRecorded(null);
    const period = periodKeyFromDraft(granularity, draft);
    const parsed = parseValueInput(valueText);
    if (period.key === null || parsed.value === null) {
      setErrors({ group: period.error, value: parsed.error });
      return;
    }
    setErrors({});
    const value = parsed.value;
    record.mutate(
      { group: period.key, timeZone, value },
      {
        onSuccess: (snapshot) => {
          setValueText('');
          setRecorded(
            `Recorded ${formatKpiValue(value, kpi.formatting)} for ${describePeriod(snapshot.group)}.`,
          );
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 400) {
            const fields = error.fieldErrors();
            const group = fields.group ?? null;
            const valueError = fields.value ?? null;
            setErrors({
              group,
              value: valueError,
              form: group || valueError ? null : error.message,
            });
          } else {
            setErrors({ form: error.message });
          }
        },
      },
    );
  };

  const { prefix, suffix } = kpi.formatting;
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <Field label="Kind of period">
        {(control) => (
          <select
            {...control}
            className={fitInputClass}
            value={granularity}
            onChange={(e) => {
              setGranularity(e.target.value as Granularity);
              setErrors((current) => ({ ...current, group: null }));
            }}
          >
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {GRANULARITY_LABELS[g]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PeriodPicker
        granularity={granularity}
        draft={draft}
        onChange={(next) => {
          setDraft(next);
          if (errors.group) setErrors((current) => ({ ...current, group: null }));
        }}
        error={errors.group}
      />
      <Field
        label="Value"
        error={errors.value}
        hint={`A number; ${AGGREGATION_HINTS[kpi.aggregation]}.`}
      >
        {(control) => (
          <div className="flex items-center gap-2">
            {prefix && (
              <span aria-hidden="true" className="text-sm text-gray-700 dark:text-gray-300">
                {prefix}
              </span>
            )}
            <input
              {...control}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              className={`${inputClass} max-w-48`}
              value={valueText}
              onChange={(e) => {
                setValueText(e.target.value);
                if (errors.value) setErrors((current) => ({ ...current, value: null }));
              }}
            />
            {suffix && (
              <span aria-hidden="true" className="text-sm text-gray-700 dark:text-gray-300">
                {suffix}
              </span>
            )}
          </div>
        )}
      </Field>
      {errors.form && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors.form}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={record.isPending}>
          {record.isPending ? 'Recording…' : 'Record value'}
        </Button>
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {recorded}
        </p>
      </div>
      <p className="text-xs text-gray-600 dark:text-gray-400">Periods are read in {timeZone}.</p>
    </form>
  );
}
