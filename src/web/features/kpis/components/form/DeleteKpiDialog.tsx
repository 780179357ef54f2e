import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Kpi } from '../../../../../contract/kpis.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { ConfirmDialog } from '../../../../components/ui/Dialog.tsx';
import { useDeleteKpi } from '../../api/mutations.ts';

/** Deletes the KPI after confirmation, then goes to the KPI list. */
export function DeleteKpiButton({ kpi }: { kpi: Kpi }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteKpi();
  const navigate = useNavigate();

  const close = () => {
    setOpen(false);
    remove.reset();
  };

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete KPI
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete “${kpi.name}”?`}
        confirmLabel="Delete KPI"
        pending={remove.isPending}
        error={remove.error ? `The KPI could not be deleted: ${remove.error.message}` : null}
        onClose={close}
        onConfirm={() =>
          remove.mutate(kpi.id, {
            onSuccess: () => void navigate('/kpis', { replace: true }),
          })
        }
      >
        <p>
          All of its recorded values (snapshots) and projections are deleted with it, and it
          disappears from every insightboard that shows it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
