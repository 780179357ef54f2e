import type { z } from 'zod';
import { ApiError } from '../../../../../client/http.ts';
import {
  CreateProjectionRequest,
  type Projection,
  type ProjectionList,
} from '../../../../../contract/kpis.ts';
import { deltaPercentage, periodLabel } from '../../../../../contract/periods.ts';
import { parseNumber } from '../../../../lib/csv.ts';

/** What a person types for a projection: a date from the date input and the value as text. */
export interface ProjectionDraft {
  date: string;
  value: string;
}

export interface ProjectionErrors {
  date?: string;
  value?: string;
  form?: string;
}

export type ProjectionCheck =
  { ok: true; values: { date: string; value: number } } | { ok: false; errors: ProjectionErrors };

/** '5 Sep 2022' for a calendar date, or the text itself when it is not one. */
export const dateLabel = (date: string) => {
  try {
    return periodLabel(date);
  } catch {
    return date;
  }
};

/**
 * Checks a projection before it is sent: the contract's schema, plus the one-per-date rule the
 * server enforces, against the projections already listed (but `editingId`'s own).
 */
export function checkProjection(
  draft: ProjectionDraft,
  existing: readonly Projection[],
  editingId?: string,
): ProjectionCheck {
  const errors: ProjectionErrors = {};
  const date = draft.date.trim();
  const value = parseNumber(draft.value);
  if (draft.value.trim() === '') errors.value = 'Enter a value.';
  else if (value === null) errors.value = 'Enter a number, such as 1250 or 12.5.';

  const parsed = CreateProjectionRequest.safeParse({ date, value: value ?? 0 });
  if (date === '') errors.date = 'Enter a date.';
  else if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === 'date')) {
    errors.date = 'Enter a date as YYYY-MM-DD.';
  } else if (existing.some((p) => p.date === date && p.id !== editingId)) {
    errors.date = `There is already a projection on ${dateLabel(date)}.`;
  }
  if (errors.date || errors.value || !parsed.success) return { ok: false, errors };
  return { ok: true, values: parsed.data };
}

/** A failed save as messages by field: a duplicate date (409) lands next to the date. */
export function projectionErrorsFromServer(error: unknown): ProjectionErrors {
  if (!(error instanceof ApiError)) return { form: 'The projection could not be saved.' };
  if (error.status === 404) return { form: 'This projection or its KPI no longer exists.' };
  const fields = error.fieldErrors();
  const errors: ProjectionErrors = {};
  if (fields.date) errors.date = `This date ${fields.date}.`;
  if (fields.value) errors.value = `The value ${fields.value}.`;
  if (!errors.date && error.status === 409) errors.date = error.message;
  if (!errors.date && !errors.value)
    errors.form = `The projection could not be saved: ${error.message}`;
  return errors;
}

const byDate = (a: Projection, b: Projection) => a.date.localeCompare(b.date);

export interface ProjectionRow {
  projection: Projection;
  /** Change against the projection before it, when there is one. */
  delta: number | null;
  percentage: number | null;
}

export function projectionRows(items: readonly Projection[]): ProjectionRow[] {
  const sorted = [...items].sort(byDate);
  return sorted.map((projection, i) => {
    const previous = sorted[i - 1];
    return {
      projection,
      delta: previous ? projection.value - previous.value : null,
      percentage: previous ? deltaPercentage(projection.value, previous.value) : null,
    };
  });
}

type List = z.infer<typeof ProjectionList>;

/** The cached list with a new projection, so the table shows it before the refetch lands. */
export function addProjection(list: List | undefined, projection: Projection): List | undefined {
  if (!list || list.items.some((p) => p.id === projection.id)) return list;
  return { items: [...list.items, projection].sort(byDate), totalCount: list.totalCount + 1 };
}

/** The cached list with one projection changed. */
export function patchProjection(
  list: List | undefined,
  projectionId: string,
  patch: { date: string; value: number },
): List | undefined {
  if (!list) return list;
  const items = list.items.map((p) => (p.id === projectionId ? { ...p, ...patch } : p));
  return { ...list, items: items.sort(byDate) };
}

/** The cached list without a deleted projection. */
export function withoutProjection(list: List | undefined, projectionId: string): List | undefined {
  if (!list || !list.items.some((p) => p.id === projectionId)) return list;
  return {
    items: list.items.filter((p) => p.id !== projectionId),
    totalCount: list.totalCount - 1,
  };
}
