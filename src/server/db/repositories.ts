import type { Aggregation, Granularity, TimeZone } from '../../contract/periods.ts';
import type {
  CreateKpiRequest,
  Kpi,
  Projection,
  Snapshot,
  SnapshotGroup,
  UpdateKpiRequest,
  VirtualGroup,
} from '../../contract/kpis.ts';
import type { KpiGroup } from '../../contract/kpi-groups.ts';
import type {
  CreateDashboardRequest,
  Dashboard,
  DashboardItem,
  DashboardItemInput,
  UpdateDashboardRequest,
} from '../../contract/dashboards.ts';
import type { User } from '../../contract/users.ts';
import type { ListQuery } from '../domain/list-query.ts';

/**
 * The data access the routes see. Every method is scoped to an account and, where it
 * matters (favorites, ownership), to the current user. Methods are async so that a
 * networked database can implement the same interfaces without touching the routes.
 */
export interface Scope {
  accountId: string;
  userId: string;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
}

export interface SelectedKpi {
  id: string;
  aggregation: Aggregation;
}

export interface KpiRepository {
  list(scope: Scope, query: ListQuery): Promise<Page<Kpi>>;
  get(scope: Scope, id: string): Promise<Kpi | null>;
  create(scope: Scope, input: CreateKpiRequest): Promise<Kpi>;
  update(scope: Scope, id: string, patch: UpdateKpiRequest): Promise<Kpi | null>;
  delete(scope: Scope, id: string): Promise<boolean>;
  /** KPIs matching a list filter, in the list's sort order (at most `take`). */
  selectByQuery(scope: Scope, query: ListQuery): Promise<SelectedKpi[]>;
  addToGroup(scope: Scope, kpiId: string, groupId: string): Promise<Kpi | null>;
  removeFromGroup(scope: Scope, kpiId: string, groupId: string): Promise<Kpi | null>;
  usagesByInsight(scope: Scope, insightName: string): Promise<Page<Kpi> | null>;
}

export interface NewSnapshot {
  periodKey: string;
  timeZone: string;
  instant: number;
  value: number;
}

export interface GroupedRead {
  kpis: SelectedKpi[];
  granularity: Granularity;
  timeZone: TimeZone;
  /** Inclusive start instant. */
  from?: number;
  /** Exclusive end instant. */
  to?: number;
}

export interface SnapshotRepository {
  create(scope: Scope, kpiId: string, snapshot: NewSnapshot): Promise<Snapshot | null>;
  /** Records many snapshots in one transaction (imports, demo data); null when the KPI is unknown. */
  createMany(
    scope: Scope,
    kpiId: string,
    snapshots: readonly NewSnapshot[],
  ): Promise<number | null>;
  delete(scope: Scope, kpiId: string, snapshotId: string): Promise<boolean>;
  history(scope: Scope, kpiId: string, skip: number, take: number): Promise<Page<Snapshot> | null>;
  grouped(scope: Scope, read: GroupedRead): Promise<Record<string, SnapshotGroup[]>>;
  /** The aggregation of the KPI's snapshots in [start, end). */
  aggregate(
    scope: Scope,
    kpiId: string,
    aggregation: Aggregation,
    start: number,
    end: number,
  ): Promise<{ value: number | null; count: number }>;
  /** Earliest and latest snapshot instants of the given KPIs. */
  span(scope: Scope, kpiIds: string[]): Promise<{ first: number; last: number } | null>;
}

export interface ProjectionRepository {
  list(scope: Scope, kpiId: string): Promise<Projection[] | null>;
  create(
    scope: Scope,
    kpiId: string,
    input: { date: string; value: number },
  ): Promise<Projection | null>;
  update(
    scope: Scope,
    kpiId: string,
    projectionId: string,
    patch: { date?: string; value?: number },
  ): Promise<Projection | null>;
  delete(scope: Scope, kpiId: string, projectionId: string): Promise<boolean>;
  /** The first projection dated after `date`. */
  nextAfter(scope: Scope, kpiId: string, date: string): Promise<Projection | null>;
}

export interface KpiGroupRepository {
  list(scope: Scope, query: ListQuery): Promise<Page<KpiGroup>>;
  get(scope: Scope, id: string): Promise<KpiGroup | null>;
  create(scope: Scope, input: { name: string }): Promise<KpiGroup>;
  update(scope: Scope, id: string, patch: { name?: string }): Promise<KpiGroup | null>;
  delete(scope: Scope, id: string): Promise<KpiGroup | null>;
  setFavorite(scope: Scope, id: string, favorite: boolean): Promise<KpiGroup | null>;
  virtualFavorites(scope: Scope): Promise<VirtualGroup[]>;
  setVirtualFavorite(scope: Scope, group: VirtualGroup, favorite: boolean): Promise<VirtualGroup[]>;
}

export interface DashboardRepository {
  list(scope: Scope, query: ListQuery): Promise<Page<Dashboard>>;
  get(scope: Scope, id: string): Promise<Dashboard | null>;
  getByTag(scope: Scope, tag: string): Promise<Dashboard | null>;
  create(scope: Scope, input: CreateDashboardRequest): Promise<Dashboard>;
  update(scope: Scope, id: string, input: UpdateDashboardRequest): Promise<Dashboard | null>;
  delete(scope: Scope, id: string): Promise<boolean>;
  clone(scope: Scope, id: string, tag: string): Promise<Dashboard | null>;
  saveItem(
    scope: Scope,
    itemId: string,
    dashboardId: string,
    item: DashboardItemInput,
  ): Promise<DashboardItem | null>;
  reports(scope: Scope): Promise<{ id: string; name: string }[]>;
  tagUsages(
    scope: Scope,
  ): Promise<
    { tagName: string; tagTitle: string; dashboardsCount: number; dashboardsIds: string[] }[]
  >;
}

export interface AuthenticatedUser {
  user: User;
  tokenId: string;
}

export interface AccountRepository {
  /** The user a token belongs to, or null for an unknown or revoked token. */
  authenticate(token: string): Promise<AuthenticatedUser | null>;
  isMember(accountId: string, userId: string): Promise<boolean>;
  accountsOf(userId: string): Promise<{ id: string; name: string }[]>;
  users(accountId: string): Promise<User[]>;
  /** Creates the account if needed and the user if needed, makes them a member, and issues a token. */
  createUser(input: { account: string; email: string; name?: string }): Promise<{
    accountId: string;
    userId: string;
    token: string;
    accountCreated: boolean;
  }>;
  /** A new token for an existing user. */
  issueToken(userId: string, label: string): Promise<string>;
  listUsers(): Promise<
    {
      accountId: string;
      account: string;
      userId: string;
      email: string;
      name: string;
      tokens: number;
    }[]
  >;
  /** Revokes a token by its value, or every token of a user by email. Answers how many were revoked. */
  revokeToken(input: { token?: string; email?: string }): Promise<number>;
}

export interface Repositories {
  /** Changes whenever stored data may have changed; caches of derived answers key on it. */
  changeStamp(): Promise<string>;
  accounts: AccountRepository;
  kpis: KpiRepository;
  snapshots: SnapshotRepository;
  projections: ProjectionRepository;
  groups: KpiGroupRepository;
  dashboards: DashboardRepository;
}
