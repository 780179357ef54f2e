import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatKpiValue } from '../../../../../contract/format.ts';
import { TARGET_OPERATORS, type TargetOperator } from '../../../../../contract/kpis.ts';
import { AGGREGATIONS, type Aggregation } from '../../../../../contract/periods.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';
import { useCurrentUser, useGroups, useUsers } from '../../../../queries/shared.ts';
import type { KpiFormValues } from '../../api/mutations.ts';
import { CheckboxList } from './CheckboxList.tsx';
import { DescriptionEditor } from './DescriptionEditor.tsx';
import {
  KPI_FIELDS,
  errorsFromServer,
  validateCreate,
  validateUpdate,
  type KpiDraft,
  type KpiField,
  type KpiFieldErrors,
} from './kpi-form-model.ts';

const AGGREGATION_TEXT: Record<Aggregation, { label: string; hint: string }> = {
  last: { label: 'Last value', hint: 'A period shows the latest value recorded in it.' },
  sum: { label: 'Sum', hint: 'A period shows its values added up.' },
  average: { label: 'Average', hint: 'A period shows the mean of its values.' },
  min: { label: 'Minimum', hint: 'A period shows its lowest value.' },
  max: { label: 'Maximum', hint: 'A period shows its highest value.' },
};

const DIRECTION_TEXT: Record<TargetOperator, { label: string; hint: string }> = {
  should_increase: { label: 'Higher is better', hint: 'A rise shows as good news.' },
  should_decrease: { label: 'Lower is better', hint: 'A fall shows as good news.' },
};

const DECIMALS = Array.from({ length: 11 }, (_, i) => i);
const EXAMPLE_VALUE = 1234.5678;

type SubmitProps =
  | { mode: 'create'; onSubmit: (values: KpiFormValues) => Promise<unknown> }
  | { mode: 'edit'; onSubmit: (changes: Partial<KpiFormValues>) => Promise<unknown> };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg border border-gray-200 bg-white p-4 sm:p-6 dark:border-gray-800 dark:bg-gray-900">
      <h2 className="text-base font-semibold text-gray-900 dark:text-gray-100">{title}</h2>
      {children}
    </section>
  );
}

/**
 * The KPI's settings, for creating and editing. What the server holds comes in as
 * `defaultValues` once; after that the form owns the typing, which survives any error.
 */
export function KpiForm({
  defaultValues,
  submitLabel,
  onCancel,
  ...submit
}: {
  defaultValues: KpiDraft;
  submitLabel: string;
  onCancel: () => void;
} & SubmitProps) {
  const [draft, setDraft] = useState(defaultValues);
  const [errors, setErrors] = useState<KpiFieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const users = useUsers();
  const groups = useGroups();
  const me = useCurrentUser();

  const fields = useRef<Partial<Record<KpiField, HTMLElement | null>>>({});
  const register = (field: KpiField) => (element: HTMLElement | null) => {
    fields.current[field] = element;
  };
  const focusAfterRender = useRef<KpiField | null>(null);
  useEffect(() => {
    const field = focusAfterRender.current;
    if (!field) return;
    focusAfterRender.current = null;
    const element = fields.current[field];
    const target =
      element instanceof HTMLFieldSetElement
        ? element.querySelector<HTMLElement>('input, button')
        : element;
    target?.focus();
  }, [errors]);

  const update = <K extends keyof KpiDraft>(key: K, value: KpiDraft[K], field: KpiField) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const showErrors = (next: KpiFieldErrors, message: string | null) => {
    focusAfterRender.current = KPI_FIELDS.find((f) => next[f]) ?? null;
    setErrors(next);
    setGeneral(message);
  };

  async function save(run: () => Promise<unknown>) {
    showErrors({}, null);
    setSaving(true);
    try {
      await run();
    } catch (error) {
      const server = errorsFromServer(error);
      showErrors(server.errors, server.general);
    } finally {
      setSaving(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    if (submit.mode === 'create') {
      const checked = validateCreate(draft);
      if (!checked.ok) return showErrors(checked.errors, checked.general);
      void save(() => submit.onSubmit(checked.values));
    } else {
      const checked = validateUpdate(defaultValues, draft);
      if (!checked.ok) return showErrors(checked.errors, checked.general);
      void save(() => submit.onSubmit(checked.values));
    }
  }

  const userOptions = (users.data?.items ?? []).map((u) => ({
    id: u.id,
    label: u.id === me.data?.user.id ? `${u.name} (you)` : u.name,
    detail: u.email,
  }));
  const groupOptions = (groups.data?.items ?? []).map((g) => ({ id: g.id, label: g.name }));
  const formatting = {
    prefix: draft.prefix,
    suffix: draft.suffix,
    fractionSize: draft.fractionSize,
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-6" aria-busy={saving}>
      <Section title="About">
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              ref={register('name')}
              type="text"
              autoComplete="off"
              value={draft.name}
              onChange={(e) => update('name', e.target.value, 'name')}
              className={inputClass}
            />
          )}
        </Field>
        <Field
          label="Description"
          hint="Markdown: **bold**, _italic_, - lists, [links](https://…), and mentions."
          error={errors.description}
        >
          {(control) => (
            <DescriptionEditor
              value={draft.description}
              onChange={(value) => update('description', value, 'description')}
              users={users.data?.items ?? []}
              control={control}
              textareaRef={register('description')}
            />
          )}
        </Field>
      </Section>

      <Section title="Values">
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            label="Summarise with"
            hint={AGGREGATION_TEXT[draft.aggregation].hint}
            error={errors.aggregation}
          >
            {(control) => (
              <select
                {...control}
                ref={register('aggregation')}
                value={draft.aggregation}
                onChange={(e) =>
                  update('aggregation', e.target.value as Aggregation, 'aggregation')
                }
                className={inputClass}
              >
                {AGGREGATIONS.map((a) => (
                  <option key={a} value={a}>
                    {AGGREGATION_TEXT[a].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset ref={register('targetOperator')}>
            <legend className="mb-1 text-sm font-medium text-gray-800 dark:text-gray-200">
              Direction
            </legend>
            <div className="space-y-2">
              {TARGET_OPERATORS.map((operator) => (
                <label
                  key={operator}
                  className="flex cursor-pointer items-start gap-2 rounded-md border border-gray-300 px-3 py-2 text-sm has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50 dark:border-gray-600 dark:has-[:checked]:border-blue-400 dark:has-[:checked]:bg-blue-950"
                >
                  <input
                    type="radio"
                    name="targetOperator"
                    value={operator}
                    checked={draft.targetOperator === operator}
                    onChange={() => update('targetOperator', operator, 'targetOperator')}
                    className="mt-0.5 h-4 w-4 accent-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:accent-blue-400"
                  />
                  <span>
                    <span className="block font-medium text-gray-900 dark:text-gray-100">
                      {DIRECTION_TEXT[operator].label}
                    </span>
                    <span className="block text-xs text-gray-600 dark:text-gray-400">
                      {DIRECTION_TEXT[operator].hint}
                    </span>
                  </span>
                </label>
              ))}
            </div>
            {errors.targetOperator && (
              <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
                {errors.targetOperator}
              </p>
            )}
          </fieldset>
        </div>
      </Section>

      <Section title="Number format">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Prefix"
            hint="Before the number, e.g. $"
            error={errors['formatting.prefix']}
          >
            {(control) => (
              <input
                {...control}
                ref={register('formatting.prefix')}
                type="text"
                autoComplete="off"
                value={draft.prefix}
                onChange={(e) => update('prefix', e.target.value, 'formatting.prefix')}
                className={inputClass}
              />
            )}
          </Field>
          <Field
            label="Suffix"
            hint="After the number, e.g. % or “ km”"
            error={errors['formatting.suffix']}
          >
            {(control) => (
              <input
                {...control}
                ref={register('formatting.suffix')}
                type="text"
                autoComplete="off"
                value={draft.suffix}
                onChange={(e) => update('suffix', e.target.value, 'formatting.suffix')}
                className={inputClass}
              />
            )}
          </Field>
          <Field label="Decimals" error={errors['formatting.fractionSize']}>
            {(control) => (
              <select
                {...control}
                ref={register('formatting.fractionSize')}
                value={draft.fractionSize}
                onChange={(e) =>
                  update('fractionSize', Number(e.target.value), 'formatting.fractionSize')
                }
                className={inputClass}
              >
                {DECIMALS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p className="text-sm text-gray-700 dark:text-gray-300">
          Example:{' '}
          <output
            data-testid="format-example"
            className="rounded bg-gray-100 px-2 py-0.5 font-mono text-gray-900 tabular-nums dark:bg-gray-800 dark:text-gray-100"
          >
            {formatKpiValue(EXAMPLE_VALUE, formatting)}
          </output>
        </p>
      </Section>

      <Section title="People and groups">
        <div className="grid gap-6 md:grid-cols-2">
          <CheckboxList
            legend="Owners"
            hint="Owners find this KPI under My KPIs."
            error={errors.ownerIds}
            options={userOptions}
            selected={draft.ownerIds}
            onChange={(ids) => update('ownerIds', ids, 'ownerIds')}
            status={users.status}
            onRetry={() => void users.refetch()}
            empty="This account has no users to pick."
            groupRef={register('ownerIds')}
          />
          <CheckboxList
            legend="Groups"
            hint="A KPI may sit in any number of groups."
            error={errors.groups}
            options={groupOptions}
            selected={draft.groups}
            onChange={(ids) => update('groups', ids, 'groups')}
            status={groups.status}
            onRetry={() => void groups.refetch()}
            empty="No groups yet. Create them on the Groups page."
            groupRef={register('groups')}
          />
        </div>
      </Section>

      {general && (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {general}
        </p>
      )}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
