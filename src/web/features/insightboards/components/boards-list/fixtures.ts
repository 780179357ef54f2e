/** Boards and labels for the tests of the board list, in the shape the API answers. */
import type { Dashboard } from '../../../../../contract/dashboards.ts';

export const ACCOUNT = 'a0a0a0a0a0a0a0a0a0a0a0a0';
const USER = 'c2c2c2c2c2c2c2c2c2c2c2c2';

export function testLabel(name: string, title: string): Dashboard['tags'][number] {
  return {
    id: `${name.length}`.padStart(24, 'e'),
    name,
    title,
    isActive: true,
    createdBy: USER,
    dateCreated: '2026-01-01T00:00:00.000Z',
    items: [],
  };
}

export function testBoard(id: string, name: string, overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    id,
    accountId: ACCOUNT,
    name,
    tag: name.toLowerCase().replace(/\W+/g, '-'),
    tags: [],
    archived: false,
    isReport: false,
    readOnly: false,
    layout: 'grid',
    settings: [],
    parameters: [],
    insights: [],
    insightsCount: 0,
    sectionHeaders: [],
    sectionHeadersCount: 0,
    access: { inherits: true, ownerPermissions: { grant: { Subtype: 0 } }, permissions: [] },
    source: null,
    appsCount: 0,
    notificationsCount: 0,
    usersCount: 0,
    currentUserAllowedActions: [],
    createdById: USER,
    modifiedById: USER,
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-03-05T10:00:00.000Z',
    ...overrides,
  };
}

/** `{ items, count, totalCount }` as `GET /v2/dashboards` answers. */
export const page = (items: readonly Dashboard[]) => ({
  items,
  count: items.length,
  totalCount: items.length,
});
