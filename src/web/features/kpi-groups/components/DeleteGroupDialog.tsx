import { ApiError } from '../../../../client/http.ts';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { ConfirmDialog } from '../../../components/ui/Dialog.tsx';
import { useDeleteGroup } from '../api/mutations.ts';
import { kpiCount } from '../groups-model.ts';

/** Asks before deleting a group, and says that its KPIs stay. */
export function DeleteGroupDialog({
  group,
  onClose,
  onDeleted,
}: {
  group: KpiGroup | null;
  onClose: () => void;
  onDeleted: (group: KpiGroup) => void;
}) {
  const remove = useDeleteGroup();
  const close = () => {
    remove.reset();
    onClose();
  };
  const error = !remove.error
    ? null
    : remove.error instanceof ApiError && remove.error.status === 404
      ? 'This group no longer exists; it may have been deleted already.'
      : `The group could not be deleted: ${remove.error.message}`;
  return (
    <ConfirmDialog
      open={group !== null}
      title={group ? `Delete “${group.name}”?` : ''}
      confirmLabel="Delete group"
      pending={remove.isPending}
      error={error}
      onClose={close}
      onConfirm={() => {
        if (!group) return;
        remove.mutate(group.id, {
          onSuccess: () => {
            remove.reset();
            onDeleted(group);
          },
        });
      }}
    >
      {group && (
        <p>
          {group.kpisCount === 0
            ? 'The group holds no KPIs. '
            : group.kpisCount === 1
              ? 'Its one KPI stays: it is only taken out of this group. '
              : `Its ${kpiCount(group.kpisCount)} stay: they are only taken out of this group. `}
          Everyone who starred it loses the star.
        </p>
      )}
    </ConfirmDialog>
  );
}
