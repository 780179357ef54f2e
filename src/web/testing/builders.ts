/**
 * Resources as the API answers them, for tests: each builder gives a complete, valid resource
 * that a test changes only where it matters, through `overrides`.
 */
import type { Dashboard } from '../../contract/dashboards.ts';
import type { KpiGroup } from '../../contract/kpi-groups.ts';
import type { Kpi } from '../../contract/kpis.ts';

export const ACCOUNT_ID = 'a0a0a0a0a0a0a0a0a0a0a0a0';
export const KPI_ID = 'b1b1b1b1b1b1b1b1b1b1b1b1';
export const USER_ID = 'c2c2c2c2c2c2c2c2c2c2c2c2';
export const BOARD_ID = 'd3d3d3d3d3d3d3d3d3d3d3d3';
export const GROUP_ID = 'e5e5e5e5e5e5e5e5e5e5e5e5';
const INSTANT = '2024-01-01T00:00:00.000Z';

/** Who made a resource and when, the same on every builder's resource. */
const audit = {
  createdById: USER_ID,
  modifiedById: USER_ID,
  dateCreated: INSTANT,
  dateUpdated: INSTANT,
};

/** A 24-hex id from a short seed: hexId(1) = '000…001'. */
export const hexId = (n: number) => n.toString(16).padStart(24, '0');

/** `{ items, count, totalCount }`, as list endpoints answer. */
export const page = <T>(items: readonly T[], totalCount = items.length) => ({
  items,
  count: items.length,
  totalCount,
});

/** What `GET /users/me` answers for the signed-in person. */
export const currentUser = {
  user: { id: USER_ID, name: 'Ann Lee', email: 'ann@example.com' },
  account: { id: ACCOUNT_ID, name: 'Acme' },
  accounts: [{ id: ACCOUNT_ID, name: 'Acme' }],
};

export function testKpi(overrides: Partial<Kpi> = {}): Kpi {
  return {
    id: KPI_ID,
    accountId: ACCOUNT_ID,
    name: 'Revenue',
    description: '',
    richTextDescription: '',
    aggregation: 'last',
    targetOperator: 'should_increase',
    formatting: { prefix: '$', suffix: '', fractionSize: 0 },
    groups: [],
    ownerId: USER_ID,
    ownerIds: [USER_ID],
    isOwner: true,
    insightLink: null,
    projections: [],
    tags: [],
    links: { expanded: { goals: [], kpis: [], metrics: [], sessions: [] } },
    currentUserAllowedActions: [],
    ...audit,
    ...overrides,
  };
}

export function testGroup(overrides: Partial<KpiGroup> = {}): KpiGroup {
  return {
    id: GROUP_ID,
    accountId: ACCOUNT_ID,
    name: 'Sales',
    favorite: false,
    kpisCount: 0,
    ...audit,
    ...overrides,
  };
}

export function testBoard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    id: BOARD_ID,
    accountId: ACCOUNT_ID,
    name: 'Executive overview',
    tag: 'exec',
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
    ...audit,
    ...overrides,
  };
}
