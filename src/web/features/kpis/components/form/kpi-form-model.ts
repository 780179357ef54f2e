import type { z } from 'zod';
import { ApiError } from '../../../../../client/http.ts';
import {
  CreateKpiRequest,
  UpdateKpiRequest,
  type Kpi,
  type TargetOperator,
} from '../../../../../contract/kpis.ts';
import type { Aggregation } from '../../../../../contract/periods.ts';
import type { KpiFormValues } from '../../api/mutations.ts';

/** What the form holds while a person types. */
export interface KpiDraft {
  name: string;
  description: string;
  aggregation: Aggregation;
  targetOperator: TargetOperator;
  prefix: string;
  suffix: string;
  fractionSize: number;
  ownerIds: string[];
  groups: string[];
}

/** Form fields, in the order they appear: errors are keyed and focused by these. */
export const KPI_FIELDS = [
  'name',
  'description',
  'aggregation',
  'targetOperator',
  'formatting.prefix',
  'formatting.suffix',
  'formatting.fractionSize',
  'ownerIds',
  'groups',
] as const;
export type KpiField = (typeof KPI_FIELDS)[number];

export const FIELD_LABELS: Record<KpiField, string> = {
  name: 'Name',
  description: 'Description',
  aggregation: 'Summarise with',
  targetOperator: 'Direction',
  'formatting.prefix': 'Prefix',
  'formatting.suffix': 'Suffix',
  'formatting.fractionSize': 'Decimals',
  ownerIds: 'Owners',
  groups: 'Groups',
};

export type KpiFieldErrors = Partial<Record<KpiField, string>>;

export function emptyDraft(ownerIds: string[] = []): KpiDraft {
  return {
    name: '',
    description: '',
    aggregation: 'last',
    targetOperator: 'should_increase',
    prefix: '',
    suffix: '',
    fractionSize: 0,
    ownerIds,
    groups: [],
  };
}

export function draftFromKpi(kpi: Kpi): KpiDraft {
  return {
    name: kpi.name,
    description: kpi.description,
    aggregation: kpi.aggregation,
    targetOperator: kpi.targetOperator,
    prefix: kpi.formatting.prefix,
    suffix: kpi.formatting.suffix,
    fractionSize: kpi.formatting.fractionSize,
    ownerIds: kpi.ownerIds,
    groups: kpi.groups,
  };
}

function formValues(draft: KpiDraft): KpiFormValues {
  return {
    name: draft.name,
    description: draft.description,
    aggregation: draft.aggregation,
    targetOperator: draft.targetOperator,
    formatting: { prefix: draft.prefix, suffix: draft.suffix, fractionSize: draft.fractionSize },
    ownerIds: draft.ownerIds,
    groups: draft.groups,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** Only what changed, so an edit does not overwrite what someone else changed meanwhile. */
export function changedValues(initial: KpiDraft, draft: KpiDraft): Partial<KpiFormValues> {
  const next = formValues(draft);
  const changes: Partial<KpiFormValues> = {};
  if (draft.name.trim() !== initial.name) changes.name = next.name;
  if (draft.description !== initial.description) changes.description = next.description;
  if (draft.aggregation !== initial.aggregation) changes.aggregation = next.aggregation;
  if (draft.targetOperator !== initial.targetOperator) changes.targetOperator = next.targetOperator;
  if (
    draft.prefix !== initial.prefix ||
    draft.suffix !== initial.suffix ||
    draft.fractionSize !== initial.fractionSize
  ) {
    changes.formatting = next.formatting;
  }
  if (!sameList(draft.ownerIds, initial.ownerIds)) changes.ownerIds = next.ownerIds;
  if (!sameList(draft.groups, initial.groups)) changes.groups = next.groups;
  return changes;
}

/** A field path as the server or zod writes it (`groups[0]`, `formatting.fractionSize`) as a form field. */
export function fieldOfPath(path: string): KpiField | null {
  const normalised = path
    .replace(/^body\.?/, '')
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '');
  if (normalised === 'ownerId') return 'ownerIds';
  return (KPI_FIELDS as readonly string[]).includes(normalised) ? (normalised as KpiField) : null;
}

function messageOf(issue: z.core.$ZodIssue, field: KpiField): string {
  switch (issue.code) {
    case 'too_small':
      return field === 'name' ? 'Enter a name.' : `${FIELD_LABELS[field]} is too short.`;
    case 'too_big':
      if (field === 'formatting.fractionSize') return 'Use 0 to 10 decimals.';
      if (field === 'ownerIds' || field === 'groups') {
        return `Pick at most ${String(issue.maximum)}.`;
      }
      return `Use at most ${String(issue.maximum)} characters.`;
    case 'invalid_value':
      return `Pick one of the options.`;
    default:
      return `${FIELD_LABELS[field]} ${issue.message}.`;
  }
}

export type Validation<T> =
  { ok: true; values: T } | { ok: false; errors: KpiFieldErrors; general: string | null };

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): Validation<never> {
  const errors: KpiFieldErrors = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = fieldOfPath(issue.path.map(String).join('.'));
    if (field) errors[field] ??= messageOf(issue, field);
    else unplaced.push(issue.message);
  }
  return { ok: false, errors, general: unplaced[0] ?? null };
}

/** The draft checked with the contract's create schema, the same the server applies. */
export function validateCreate(draft: KpiDraft): Validation<KpiFormValues> {
  const parsed = CreateKpiRequest.safeParse(formValues(draft));
  if (!parsed.success) return issuesToErrors(parsed.error.issues);
  const { name, description, aggregation, targetOperator, formatting, ownerIds, groups } =
    parsed.data;
  return {
    ok: true,
    values: { name, description, aggregation, targetOperator, formatting, ownerIds, groups },
  };
}

/** The changes checked with the contract's update schema. */
export function validateUpdate(
  initial: KpiDraft,
  draft: KpiDraft,
): Validation<Partial<KpiFormValues>> {
  const changes = changedValues(initial, draft);
  const parsed = UpdateKpiRequest.safeParse(changes);
  if (!parsed.success) return issuesToErrors(parsed.error.issues);
  return {
    ok: true,
    values: { ...changes, ...(parsed.data.name ? { name: parsed.data.name } : {}) },
  };
}

/** Server messages read "is required"; next to a field they read better with its name. */
function serverMessage(field: KpiField, message: string): string {
  const sentence = /^[a-z]/.test(message) ? `${FIELD_LABELS[field]} ${message}` : message;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** A failed save as messages next to fields, plus what belongs to no field. */
export function errorsFromServer(error: unknown): { errors: KpiFieldErrors; general: string } {
  if (!(error instanceof ApiError)) {
    return { errors: {}, general: 'The KPI could not be saved. Try again.' };
  }
  if (error.status === 404) {
    return { errors: {}, general: 'This KPI no longer exists; it may have been deleted.' };
  }
  const errors: KpiFieldErrors = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const field = fieldOfPath(path);
    if (field) errors[field] ??= serverMessage(field, message);
    else unplaced.push(`${path} ${message}`);
  }
  const placed = Object.keys(errors).length > 0;
  const general =
    unplaced.length > 0
      ? `The KPI could not be saved: ${unplaced.join('; ')}.`
      : placed
        ? 'The KPI could not be saved. Check the fields marked above.'
        : `The KPI could not be saved: ${error.message}`;
  return { errors, general };
}
