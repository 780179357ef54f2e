import { ApiError } from '../../../../../client/http.ts';
import { flushSync } from 'react-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi, Projection } from '../../../../../contract/kpis.ts';
import { DeltaBadge } from '../../../../components/kpi/DeltaBadge.tsx';
import { Button } from '../../../../components/ui/Button.tsx';
import { ConfirmDialog } from '../../../../components/ui/Dialog.tsx';
import { Field, inputClass } from '../../../../components/ui/Field.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/ui/States.tsx';
import { projectionsQuery, useProjections } from '../../api/get-projections.ts';
import {
  useCreateProjection,
  useDeleteProjection,
  useUpdateProjection,
} from '../../api/mutations.ts';
import {
  addProjection,
  checkProjection,
  dateLabel,
  patchProjection,
  projectionErrorsFromServer,
  projectionRows,
  type ProjectionDraft,
  withoutProjection,
  type ProjectionErrors,
} from './projection-model.ts';

const cellInput = `${inputClass} py-1.5`;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs font-normal text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/** One projection, shown or edited in place: Enter saves, Escape cancels. */
function ProjectionRowView({
  kpi,
  projection,
  delta,
  percentage,
  projections,
  editing,
  onEdit,
  onDone,
  onDelete,
}: {
  kpi: Kpi;
  projection: Projection;
  delta: number | null;
  percentage: number | null;
  projections: readonly Projection[];
  editing: boolean;
  onEdit: () => void;
  onDone: () => void;
  onDelete: () => void;
}) {
  const id = useId();
  const client = useQueryClient();
  const update = useUpdateProjection(kpi.id);
  const [draft, setDraft] = useState<ProjectionDraft>({ date: '', value: '' });
  const [errors, setErrors] = useState<ProjectionErrors>({});
  const label = dateLabel(projection.date);

  const startEditing = () => {
    setDraft({ date: projection.date, value: String(projection.value) });
    setErrors({});
    onEdit();
  };

  const save = () => {
    if (update.isPending) return;
    const checked = checkProjection(draft, projections, projection.id);
    if (!checked.ok) return setErrors(checked.errors);
    const { date, value } = checked.values;
    if (date === projection.date && value === projection.value) return onDone();
    update.mutate(
      {
        projectionId: projection.id,
        ...(date !== projection.date ? { date } : {}),
        ...(value !== projection.value ? { value } : {}),
      },
      {
        onSuccess: () => {
          client.setQueryData(projectionsQuery(kpi.id).queryKey, (list) =>
            patchProjection(list, projection.id, { date, value }),
          );
          onDone();
        },
        onError: (error) => {
          setErrors(projectionErrorsFromServer(error));
          // A conflict means the list is out of date: show the projection that is in the way.
          if (error instanceof ApiError && error.status === 409) {
            void client.invalidateQueries({ queryKey: projectionsQuery(kpi.id).queryKey });
          }
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  };

  const change = (key: keyof ProjectionDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key] || errors.form) setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  if (editing) {
    // One cell across the row, so the inputs and buttons fit and wrap on narrow screens.
    return (
      <tr className="border-t border-gray-200 bg-blue-50/60 dark:border-gray-800 dark:bg-blue-950/40">
        <td colSpan={4} className="px-2 py-2 sm:px-3">
          <div className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
            <div>
              <label
                htmlFor={`${id}-date-input`}
                className="mb-0.5 block text-xs font-medium text-gray-700 dark:text-gray-300"
              >
                Date
              </label>
              <input
                id={`${id}-date-input`}
                type="date"
                aria-label={`Date of the projection of ${label}`}
                aria-invalid={Boolean(errors.date)}
                aria-describedby={errors.date ? `${id}-date` : undefined}
                value={draft.date}
                onChange={(e) => change('date', e.target.value)}
                onKeyDown={onKeyDown}
                className={cellInput}
                // Edit mode is entered on purpose, and the date is where the person starts.
                autoFocus
              />
              <FieldError id={`${id}-date`} message={errors.date} />
            </div>
            <div>
              <label
                htmlFor={`${id}-value-input`}
                className="mb-0.5 block text-xs font-medium text-gray-700 dark:text-gray-300"
              >
                Value
              </label>
              <input
                id={`${id}-value-input`}
                type="text"
                inputMode="decimal"
                aria-label={`Value of the projection of ${label}`}
                aria-invalid={Boolean(errors.value)}
                aria-describedby={errors.value ? `${id}-value` : undefined}
                value={draft.value}
                onChange={(e) => change('value', e.target.value)}
                onKeyDown={onKeyDown}
                className={cellInput}
              />
              <FieldError id={`${id}-value`} message={errors.value} />
              <FieldError id={`${id}-form`} message={errors.form} />
            </div>
            <div className="flex gap-1 sm:pt-5">
              <Button size="sm" variant="primary" onClick={save} disabled={update.isPending}>
                {update.isPending ? 'Saving…' : 'Save'}
              </Button>
              <Button size="sm" onClick={onDone}>
                Cancel
              </Button>
            </div>
          </div>
          <p className="mt-1 text-xs text-gray-600 dark:text-gray-400">
            Enter saves, Escape cancels.
          </p>
        </td>
      </tr>
    );
  }

  const value = formatKpiValue(projection.value, kpi.formatting);
  return (
    <tr className="border-t border-gray-200 dark:border-gray-800">
      <th scope="row" className="px-2 py-2 text-left font-normal sm:px-3">
        <time dateTime={projection.date} className="whitespace-nowrap">
          {label}
        </time>
        {/* Narrow screens have no room for the value column: it sits under the date. */}
        <span className="block text-gray-700 tabular-nums sm:hidden dark:text-gray-300">
          {value}
        </span>
      </th>
      <td className="hidden px-3 py-2 text-right whitespace-nowrap tabular-nums sm:table-cell">
        {value}
      </td>
      <td className="hidden px-3 py-2 text-right sm:table-cell">
        <DeltaBadge
          delta={delta}
          percentage={percentage}
          formatting={kpi.formatting}
          targetOperator={kpi.targetOperator}
        />
      </td>
      <td className="px-1 py-2 sm:px-3">
        <div className="flex justify-end gap-1">
          <Button
            size="sm"
            variant="ghost"
            onClick={startEditing}
            aria-label={`Edit the projection of ${label}`}
            data-projection-edit={projection.id}
          >
            Edit
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={onDelete}
            aria-label={`Delete the projection of ${label}`}
          >
            Delete
          </Button>
        </div>
      </td>
    </tr>
  );
}

function AddProjectionForm({ kpi, projections }: { kpi: Kpi; projections: readonly Projection[] }) {
  const client = useQueryClient();
  const create = useCreateProjection(kpi.id);
  const [draft, setDraft] = useState<ProjectionDraft>({ date: '', value: '' });
  const [errors, setErrors] = useState<ProjectionErrors>({});
  const dateRef = useRef<HTMLInputElement>(null);

  const change = (key: keyof ProjectionDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key] || errors.form) setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const checked = checkProjection(draft, projections);
    if (!checked.ok) return setErrors(checked.errors);
    create.mutate(checked.values, {
      onSuccess: (projection) => {
        client.setQueryData(projectionsQuery(kpi.id).queryKey, (list) =>
          addProjection(list, projection),
        );
        setDraft({ date: '', value: '' });
        setErrors({});
        dateRef.current?.focus();
      },
      onError: (error) => {
        setErrors(projectionErrorsFromServer(error));
        // A conflict means the list is out of date: show the projection that is in the way.
        if (error instanceof ApiError && error.status === 409) {
          void client.invalidateQueries({ queryKey: projectionsQuery(kpi.id).queryKey });
        }
      },
    });
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-label="Add a projection"
      className="grid gap-3 rounded-lg bg-gray-50 p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start dark:bg-gray-950"
    >
      <Field label="Date" error={errors.date}>
        {(control) => (
          <input
            {...control}
            ref={dateRef}
            type="date"
            value={draft.date}
            onChange={(e) => change('date', e.target.value)}
            className={inputClass}
          />
        )}
      </Field>
      <Field
        label={`Projected value${kpi.formatting.suffix.trim() ? ` (${kpi.formatting.suffix.trim()})` : ''}`}
        error={errors.value}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={draft.value}
            onChange={(e) => change('value', e.target.value)}
            className={inputClass}
          />
        )}
      </Field>
      <div className="sm:pt-6">
        <Button type="submit" variant="primary" disabled={create.isPending} className="w-full">
          {create.isPending ? 'Adding…' : 'Add projection'}
        </Button>
      </div>
      {errors.form && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3 dark:text-red-400">
          {errors.form}
        </p>
      )}
    </form>
  );
}

/** The KPI's projections: where it should go, by date. Add, edit in place, delete. */
export function ProjectionsTable({ kpi }: { kpi: Kpi }) {
  const projections = useProjections(kpi.id);
  const client = useQueryClient();
  const remove = useDeleteProjection(kpi.id);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Projection | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  const items = projections.data?.items ?? [];
  const rows = projectionRows(items);

  /** Leaves edit mode with focus back on the row's Edit button. */
  const doneEditing = (projectionId: string) => {
    // Render the row out of edit mode now, so its Edit button exists to take focus.
    flushSync(() => setEditingId(null));
    tableRef.current
      ?.querySelector<HTMLButtonElement>(`[data-projection-edit="${projectionId}"]`)
      ?.focus();
  };

  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-gray-600 dark:text-gray-400">
        Where this KPI should be on a date; charts draw them as a line to aim for.
      </p>

      {projections.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <span className="sr-only" role="status">
            Loading projections…
          </span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : projections.isError ? (
        <ErrorState
          title="The projections could not be loaded"
          error={projections.error}
          onRetry={() => void projections.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No projections — add one to draw where this KPI should go">
          Pick a date below and the value the KPI should reach by then.
        </EmptyState>
      ) : (
        <div className="-mx-4 overflow-x-auto sm:mx-0">
          <table ref={tableRef} className="w-full text-sm">
            <caption className="sr-only">Projections of {kpi.name}</caption>
            <thead>
              <tr className="text-xs text-gray-600 uppercase dark:text-gray-400">
                <th scope="col" className="px-2 py-2 text-left font-medium sm:px-3">
                  Date
                </th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                  Value
                </th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                  Change
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ProjectionRowView
                  key={row.projection.id}
                  kpi={kpi}
                  projection={row.projection}
                  delta={row.delta}
                  percentage={row.percentage}
                  projections={items}
                  editing={editingId === row.projection.id}
                  onEdit={() => setEditingId(row.projection.id)}
                  onDone={() => doneEditing(row.projection.id)}
                  onDelete={() => setDeleting(row.projection)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {projections.isSuccess && <AddProjectionForm kpi={kpi} projections={items} />}

      <ConfirmDialog
        open={deleting !== null}
        title="Delete this projection?"
        confirmLabel="Delete projection"
        pending={remove.isPending}
        error={remove.error ? `It could not be deleted: ${remove.error.message}` : null}
        onClose={closeDelete}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              client.setQueryData(projectionsQuery(kpi.id).queryKey, (list) =>
                withoutProjection(list, deleting.id),
              );
              closeDelete();
            },
          });
        }}
      >
        {deleting && (
          <p>
            The projection of {formatKpiValue(deleting.value, kpi.formatting)} on{' '}
            {dateLabel(deleting.date)} will be removed.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
