/**
 * Query-key factories, one per resource, hierarchical so that invalidating a prefix
 * (`kpiKeys.all`) reaches everything below it.
 */
export const kpiKeys = {
  all: ['kpis'] as const,
  lists: () => [...kpiKeys.all, 'list'] as const,
  list: (params: object) => [...kpiKeys.lists(), params] as const,
  details: () => [...kpiKeys.all, 'detail'] as const,
  detail: (kpiId: string) => [...kpiKeys.details(), kpiId] as const,
  statistics: (kpiId: string, params: object) =>
    [...kpiKeys.detail(kpiId), 'statistics', params] as const,
  history: (kpiId: string) => [...kpiKeys.detail(kpiId), 'history'] as const,
  projections: (kpiId: string) => [...kpiKeys.detail(kpiId), 'projections'] as const,
  /** Grouped snapshot reads span KPIs, so any recorded value invalidates them all. */
  snapshotGroups: () => [...kpiKeys.all, 'snapshot-groups'] as const,
  snapshotGroup: (params: object) => [...kpiKeys.snapshotGroups(), params] as const,
};

export const groupKeys = {
  all: ['kpi-groups'] as const,
  lists: () => [...groupKeys.all, 'list'] as const,
  list: (params: object) => [...groupKeys.lists(), params] as const,
  details: () => [...groupKeys.all, 'detail'] as const,
  detail: (groupId: string) => [...groupKeys.details(), groupId] as const,
  virtualFavorites: () => [...groupKeys.all, 'virtual-favorites'] as const,
};

export const userKeys = {
  all: ['users'] as const,
  me: () => [...userKeys.all, 'me'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const boardKeys = {
  all: ['insightboards'] as const,
  lists: () => [...boardKeys.all, 'list'] as const,
  list: (params: object) => [...boardKeys.lists(), params] as const,
  byTag: (tag: string) => [...boardKeys.all, 'tag', tag] as const,
  tagUsages: () => [...boardKeys.all, 'tag-usages'] as const,
  reports: () => [...boardKeys.all, 'reports'] as const,
};
