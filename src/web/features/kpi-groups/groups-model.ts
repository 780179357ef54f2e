/**
 * The groups page as data: which rows it shows and in what order, what a valid group name is,
 * and the list filters behind the counts and the KPI search. Pure, so the pages and the tests
 * share one definition of each.
 */
import { ApiError } from '../../../client/http.ts';
import type { KpiGroup } from '../../../contract/kpi-groups.ts';
import type { VirtualGroup } from '../../../contract/kpis.ts';

// ---------------------------------------------------------------------------------------------
// Virtual groups
// ---------------------------------------------------------------------------------------------

export const VIRTUAL_GROUP_ORDER: readonly VirtualGroup[] = ['mykpis', 'ungrouped'];

export const VIRTUAL_GROUP_NAMES: Record<VirtualGroup, string> = {
  mykpis: 'My KPIs',
  ungrouped: 'Ungrouped',
};

/** The KPI list filtered to the virtual group (its `?group=` values are `mine` and `ungrouped`). */
export const VIRTUAL_GROUP_LINKS: Record<VirtualGroup, string> = {
  mykpis: '/kpis?group=mine',
  ungrouped: '/kpis?group=ungrouped',
};

export const VIRTUAL_GROUP_HINTS: Record<VirtualGroup, string> = {
  mykpis: 'KPIs you own',
  ungrouped: 'KPIs in no group',
};

/**
 * The list filter of a virtual group's KPIs, as the KPI list writes it; "My KPIs" needs the
 * current user's id and is null until it is known.
 */
export function virtualGroupFilter(
  virtualGroup: VirtualGroup,
  currentUserId: string | undefined,
): string | null {
  if (virtualGroup === 'ungrouped') return JSON.stringify({ groups: { $exists: false } });
  return currentUserId === undefined ? null : JSON.stringify({ ownerIds: currentUserId });
}

// ---------------------------------------------------------------------------------------------
// Rows and their order
// ---------------------------------------------------------------------------------------------

export type GroupEntry =
  | {
      kind: 'virtual';
      key: VirtualGroup;
      virtualGroup: VirtualGroup;
      name: string;
      favorite: boolean;
      href: string;
    }
  | {
      kind: 'group';
      key: string;
      group: KpiGroup;
      name: string;
      favorite: boolean;
      href: string;
    };

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Every row of the groups page: the person's favorites first, then the rest. Within each part
 * the two virtual groups come first (as in the KPI list's group filter), then groups by name.
 */
export function orderGroupEntries(
  groups: readonly KpiGroup[],
  virtualFavorites: readonly { virtualGroup: VirtualGroup; favorite: boolean }[],
): GroupEntry[] {
  const virtual: GroupEntry[] = VIRTUAL_GROUP_ORDER.map((virtualGroup) => ({
    kind: 'virtual',
    key: virtualGroup,
    virtualGroup,
    name: VIRTUAL_GROUP_NAMES[virtualGroup],
    favorite: virtualFavorites.some((v) => v.virtualGroup === virtualGroup && v.favorite),
    href: VIRTUAL_GROUP_LINKS[virtualGroup],
  }));
  const named: GroupEntry[] = [...groups]
    .sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((group) => ({
      kind: 'group',
      key: group.id,
      group,
      name: group.name,
      favorite: group.favorite,
      href: `/groups/${group.id}`,
    }));
  const all = [...virtual, ...named];
  return [...all.filter((e) => e.favorite), ...all.filter((e) => !e.favorite)];
}

/**
 * The rows in the order they had when the person started interacting with the list, so that a
 * star clicked twice stays under the pointer. Rows that appeared since follow in their own order;
 * rows that went away are left out.
 */
export function holdOrder<E extends { key: string }>(
  heldKeys: readonly string[],
  entries: readonly E[],
): E[] {
  const position = new Map(heldKeys.map((key, index) => [key, index]));
  const kept = entries
    .filter((e) => position.has(e.key))
    .sort((a, b) => position.get(a.key)! - position.get(b.key)!);
  return [...kept, ...entries.filter((e) => !position.has(e.key))];
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

export const MAX_GROUP_NAME_LENGTH = 255;

/** What is wrong with a group name, or null; `selfId` is the group being renamed. */
export function validateGroupName(
  name: string,
  groups: readonly Pick<KpiGroup, 'id' | 'name'>[],
  selfId?: string,
): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the group.';
  if (trimmed.length > MAX_GROUP_NAME_LENGTH) {
    return `Use at most ${MAX_GROUP_NAME_LENGTH} characters (this is ${trimmed.length}).`;
  }
  const taken = groups.find((g) => g.id !== selfId && byName.compare(g.name.trim(), trimmed) === 0);
  if (taken) return `There is already a group named “${taken.name}”.`;
  return null;
}

/** A failed create or rename as one message for the name field. */
export function groupNameError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The group could not be saved. Try again.';
  if (error.status === 404) return 'This group no longer exists; it may have been deleted.';
  const message = error.fieldErrors().name;
  if (message) {
    const sentence = /^[a-z]/.test(message) ? `Name ${message}` : message;
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return `The group could not be saved: ${error.message}`;
}

// ---------------------------------------------------------------------------------------------
// KPIs of a group, and KPIs to add to it
// ---------------------------------------------------------------------------------------------

export const GROUP_KPIS_PAGE_SIZE = 50;
export const CANDIDATES_PAGE_SIZE = 20;
/** Escaping can double the length; the server takes patterns of up to 256 characters. */
export const MAX_SEARCH_LENGTH = 100;

/** `a.b` matches `a.b` only: the search is for text, not a pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export const groupKpisFilter = (groupId: string): string => JSON.stringify({ groups: groupId });

/** KPIs not in the group whose name contains `search` (any case). */
export function candidatesFilter(groupId: string, search: string): string {
  const notInGroup = { groups: { $ne: groupId } };
  const text = search.trim().slice(0, MAX_SEARCH_LENGTH);
  if (text === '') return JSON.stringify(notInGroup);
  return JSON.stringify({
    $and: [{ name: { $regex: escapeRegex(text), $options: 'i' } }, notInGroup],
  });
}

/** A 1-based page number from the URL; anything else is the first page. */
export function readPage(value: string | null): number {
  const page = Number(value ?? '1');
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

const counts = new Intl.NumberFormat('en-US');

/** `1 KPI`, `1,204 KPIs`. */
export const kpiCount = (n: number): string => `${counts.format(n)} ${n === 1 ? 'KPI' : 'KPIs'}`;
