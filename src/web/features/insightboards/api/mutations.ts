import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  cloneDashboard,
  createDashboard,
  deleteDashboard,
  saveDashboard,
} from '../../../../client/dashboards.ts';
import type {
  CreateDashboardRequest,
  Dashboard,
  UpdateDashboardRequest,
} from '../../../../contract/dashboards.ts';
import { getApi } from '../../../lib/session.ts';
import { boardKeys } from '../../../queries/keys.ts';

/** After a board changes: its own entry from the answer, every list and the tag usages refetched. */
function boardChanged(client: QueryClient, board: Dashboard, previousTag?: string) {
  if (previousTag && previousTag !== board.tag)
    client.removeQueries({ queryKey: boardKeys.byTag(previousTag) });
  client.setQueryData(boardKeys.byTag(board.tag), board);
  void client.invalidateQueries({ queryKey: boardKeys.lists() });
  void client.invalidateQueries({ queryKey: boardKeys.tagUsages() });
  void client.invalidateQueries({ queryKey: boardKeys.reports() });
}

export function useCreateBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDashboardRequest) => createDashboard(getApi(), body),
    onSuccess: (board) => boardChanged(client, board),
  });
}

/** Saves a board as a whole (name, tags, archived, and the layout when given). */
export function useSaveBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      board,
      changes,
    }: {
      board: Dashboard;
      changes: Partial<UpdateDashboardRequest>;
    }) => saveDashboard(getApi(), board.id, { name: board.name, ...changes }),
    onSuccess: (saved, { board }) => boardChanged(client, saved, board.tag),
  });
}

export function useCloneBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ board, tag }: { board: Dashboard; tag: string }) =>
      cloneDashboard(getApi(), board.id, tag),
    onSuccess: (clone) => boardChanged(client, clone),
  });
}

export function useDeleteBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (board: Dashboard) => deleteDashboard(getApi(), board.id),
    onSuccess: (_data, board) => {
      setTimeout(() => client.removeQueries({ queryKey: boardKeys.byTag(board.tag) }), 0);
      void client.invalidateQueries({ queryKey: boardKeys.lists() });
      void client.invalidateQueries({ queryKey: boardKeys.tagUsages() });
    },
  });
}
