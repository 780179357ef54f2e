import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  addKpiToGroup,
  createKpi,
  createProjection,
  deleteKpi,
  deleteProjection,
  deleteSnapshot,
  importSnapshots,
  recordSnapshot,
  removeKpiFromGroup,
  updateKpi,
  updateProjection,
} from '../../../../client/kpis.ts';
import type { CreateKpiRequest, Kpi } from '../../../../contract/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { groupKeys, kpiKeys } from '../../../queries/keys.ts';

/** After a KPI changes: its detail from the answer, and every list that may show it refetched. */
function kpiChanged(client: QueryClient, kpi: Kpi) {
  client.setQueryData(kpiKeys.detail(kpi.id), kpi);
  void client.invalidateQueries({ queryKey: kpiKeys.lists() });
  void client.invalidateQueries({ queryKey: groupKeys.all });
}

/** After values change: everything computed from snapshots of this KPI. */
function valuesChanged(client: QueryClient, kpiId: string) {
  void client.invalidateQueries({ queryKey: kpiKeys.snapshotGroups() });
  void client.invalidateQueries({ queryKey: [...kpiKeys.detail(kpiId), 'statistics'] });
  void client.invalidateQueries({ queryKey: kpiKeys.history(kpiId) });
}

export type KpiFormValues = Omit<
  CreateKpiRequest,
  'groupsOrder' | 'insight' | 'richTextDescription'
>;

export function useCreateKpi() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (values: KpiFormValues) => createKpi(getApi(), values),
    onSuccess: (kpi) => kpiChanged(client, kpi),
  });
}

export function useUpdateKpi(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (values: Partial<KpiFormValues>) => updateKpi(getApi(), kpiId, values),
    onSuccess: (kpi) => {
      kpiChanged(client, kpi);
      // Aggregation changes every grouped value and statistic.
      valuesChanged(client, kpiId);
    },
  });
}

export function useDeleteKpi() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (kpiId: string) => deleteKpi(getApi(), kpiId),
    onSuccess: (_data, kpiId) => {
      // The page still shows the KPI until the caller navigates away (in this same tick);
      // removing its queries afterwards keeps them from being fetched again for a 404.
      setTimeout(() => client.removeQueries({ queryKey: kpiKeys.detail(kpiId) }), 0);
      void client.invalidateQueries({ queryKey: kpiKeys.lists() });
      void client.invalidateQueries({ queryKey: kpiKeys.snapshotGroups() });
      void client.invalidateQueries({ queryKey: groupKeys.all });
    },
  });
}

export function useRecordSnapshot(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { group: string; timeZone: string; value: number }) =>
      recordSnapshot(getApi(), kpiId, body),
    onSuccess: () => valuesChanged(client, kpiId),
  });
}

export function useImportSnapshots(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { timeZone: string; rows: { group: string; value: number }[] }) =>
      importSnapshots(getApi(), kpiId, body),
    onSuccess: () => valuesChanged(client, kpiId),
  });
}

export function useDeleteSnapshot(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (snapshotId: string) => deleteSnapshot(getApi(), kpiId, snapshotId),
    onSuccess: () => valuesChanged(client, kpiId),
  });
}

function projectionsChanged(client: QueryClient, kpiId: string) {
  void client.invalidateQueries({ queryKey: kpiKeys.projections(kpiId) });
  void client.invalidateQueries({ queryKey: kpiKeys.detail(kpiId) });
  void client.invalidateQueries({ queryKey: kpiKeys.lists() });
}

export function useCreateProjection(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { date: string; value: number }) => createProjection(getApi(), kpiId, body),
    onSuccess: () => projectionsChanged(client, kpiId),
  });
}

export function useUpdateProjection(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      projectionId,
      ...body
    }: {
      projectionId: string;
      date?: string;
      value?: number;
    }) => updateProjection(getApi(), kpiId, projectionId, body),
    onSuccess: () => projectionsChanged(client, kpiId),
  });
}

export function useDeleteProjection(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (projectionId: string) => deleteProjection(getApi(), kpiId, projectionId),
    onSuccess: () => projectionsChanged(client, kpiId),
  });
}

export function useKpiGroupMembership(kpiId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, member }: { groupId: string; member: boolean }) =>
      member
        ? addKpiToGroup(getApi(), kpiId, groupId)
        : removeKpiFromGroup(getApi(), kpiId, groupId),
    onSuccess: (kpi) => kpiChanged(client, kpi),
  });
}
