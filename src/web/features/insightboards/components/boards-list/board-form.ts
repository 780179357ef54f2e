import { ApiError } from '../../../../../client/http.ts';
import { DASHBOARD_TAG_PATTERN } from '../../../../../contract/dashboards.ts';

export const TAG_HINT = 'lowercase letters, digits, - or _';
const MAX_NAME = 255;
const MAX_TAG = 64;
const MAX_LABEL = 64;
const MAX_LABELS = 50;

export interface Label {
  name: string;
  title: string;
}

export type BoardField = 'name' | 'tag' | 'labels';
export type BoardFormErrors = Partial<Record<BoardField | 'form', string>>;

export function checkName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name.';
  if (trimmed.length > MAX_NAME) return `Use at most ${MAX_NAME} characters.`;
  return undefined;
}

/** The tag is the board's address (`/insightboards/<tag>`); empty is allowed where one is generated. */
export function checkTag(tag: string, { required }: { required: boolean }): string | undefined {
  if (tag === '') return required ? 'Enter a tag.' : undefined;
  if (tag.length > MAX_TAG) return `Use at most ${MAX_TAG} characters.`;
  if (tag !== tag.trim()) return 'Remove the spaces.';
  if (!DASHBOARD_TAG_PATTERN.test(tag)) {
    if (/[A-Z]/.test(tag)) return `Use ${TAG_HINT} (no capitals).`;
    if (!/^[a-z0-9]/.test(tag)) return 'Start with a lowercase letter or a digit.';
    return `Use only ${TAG_HINT}.`;
  }
  return undefined;
}

/** A label's name from what a person typed: 'Weekly review' → 'weekly-review'. */
export function labelName(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Comma-separated words to labels. A word naming a label the account already has (by its title or
 * its name, ignoring case) becomes that label, so that typing "sales" does not retitle "Sales".
 */
export function parseLabels(
  text: string,
  known: readonly Label[],
): { labels: Label[]; error?: undefined } | { labels?: undefined; error: string } {
  const byKey = new Map<string, Label>();
  for (const label of known) {
    byKey.set(label.name.toLowerCase(), label);
    byKey.set(label.title.trim().toLowerCase(), label);
  }
  const labels: Label[] = [];
  const seen = new Set<string>();
  for (const word of text.split(',')) {
    const title = word.trim().replace(/\s+/g, ' ');
    if (title === '') continue;
    const label = byKey.get(title.toLowerCase()) ?? byKey.get(labelName(title)) ?? null;
    const name = label?.name ?? labelName(title);
    if (name === '') return { error: `“${title}” needs a letter or a digit.` };
    if (name.length > MAX_LABEL || title.length > MAX_LABEL)
      return {
        error: `“${title.slice(0, 20)}…” is too long: use at most ${MAX_LABEL} characters.`,
      };
    if (seen.has(name)) continue;
    seen.add(name);
    labels.push(label ?? { name, title });
  }
  if (labels.length > MAX_LABELS) return { error: `Use at most ${MAX_LABELS} labels.` };
  return { labels };
}

/** Labels as the field shows them: 'Leadership, Weekly review'. */
export const labelsText = (labels: readonly { title: string; name: string }[]) =>
  labels.map((label) => label.title || label.name).join(', ');

export const sameLabels = (a: readonly { name: string }[], b: readonly { name: string }[]) =>
  a.length === b.length &&
  a.every((label, i) => label.name.toLowerCase() === b[i]?.name.toLowerCase());

export interface NewBoardValues {
  name: string;
  tag: string;
  labels: string;
}

export interface NewBoardRequest {
  name: string;
  tag?: string;
  tags?: Label[];
}

export function checkNewBoard(
  values: NewBoardValues,
  known: readonly Label[],
): { ok: true; request: NewBoardRequest } | { ok: false; errors: BoardFormErrors } {
  const parsed = parseLabels(values.labels, known);
  const errors: BoardFormErrors = {
    name: checkName(values.name),
    tag: checkTag(values.tag, { required: false }),
    labels: parsed.error,
  };
  if (errors.name || errors.tag || errors.labels) return { ok: false, errors };
  return {
    ok: true,
    request: {
      name: values.name.trim(),
      ...(values.tag ? { tag: values.tag } : {}),
      ...(parsed.labels?.length ? { tags: parsed.labels } : {}),
    },
  };
}

/**
 * A server answer as messages next to the fields: the 409 of a taken tag next to the tag (naming
 * the board that has it when the page knows it), other field problems next to their field.
 */
export function boardErrorsFromServer(
  error: unknown,
  { tag, tagOwner, action }: { tag?: string; tagOwner?: string; action: string },
): BoardFormErrors {
  if (!(error instanceof ApiError)) return { form: `The board could not be ${action}.` };
  if (error.isNetworkError) return { form: error.message };
  if (error.status === 404) return { form: 'This board no longer exists. Close and reload.' };
  const fields = error.fieldErrors();
  const errors: BoardFormErrors = {};
  if (error.status === 409 && (fields.tag !== undefined || Object.keys(fields).length === 0)) {
    const which = tag ? `“${tag}”` : 'This tag';
    errors.tag = tagOwner
      ? `${which} is already the tag of “${tagOwner}”. Choose another.`
      : `${which} is already used by another board. Choose another.`;
    return errors;
  }
  if (fields.tag) errors.tag = `The tag ${fields.tag}.`;
  if (fields.name) errors.name = `The name ${fields.name}.`;
  const labelProblem = Object.entries(fields).find(([path]) => path.startsWith('tags'));
  if (labelProblem) errors.labels = `A label ${labelProblem[1]}.`;
  if (!errors.tag && !errors.name && !errors.labels)
    errors.form = `The board could not be ${action}: ${error.message}`;
  return errors;
}

/** A free tag for a copy: 'sales-copy', then 'sales-copy-2', … within the 64 characters allowed. */
export function suggestCloneTag(tag: string, taken: ReadonlySet<string>): string {
  const base = `${tag.slice(0, MAX_TAG - '-copy-99'.length)}-copy`;
  if (!DASHBOARD_TAG_PATTERN.test(base)) return '';
  if (!taken.has(base)) return base;
  for (let n = 2; n < 100; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  return '';
}
