import { Link, useNavigate } from 'react-router';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import {
  currentUserQuery,
  groupsQuery,
  useCurrentUser,
  usersQuery,
} from '../../../queries/shared.ts';
import { useCreateKpi } from '../api/mutations.ts';
import { KpiForm } from '../components/form/KpiForm.tsx';
import { KpiFormSkeleton } from '../components/form/KpiFormSkeleton.tsx';
import { emptyDraft } from '../components/form/kpi-form-model.ts';
import { useGoBack } from '../components/form/use-go-back.ts';

/** Starts the reads the form's pickers need as the route is entered. */
export function loader() {
  if (sessionStore.get().session) {
    void queryClient.prefetchQuery(currentUserQuery());
    void queryClient.prefetchQuery(usersQuery());
    void queryClient.prefetchQuery(groupsQuery());
  }
  return null;
}

export function Component() {
  const me = useCurrentUser();
  const create = useCreateKpi();
  const navigate = useNavigate();
  const goBack = useGoBack('/kpis');

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <title>New KPI · KPI Dashboard</title>
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-gray-600 dark:text-gray-400">
          <Link to="/kpis" className="underline hover:text-gray-900 dark:hover:text-gray-100">
            KPIs
          </Link>
        </nav>
        <h1 className="mt-1 text-2xl font-semibold text-gray-900 dark:text-gray-100">New KPI</h1>
      </div>
      {me.isPending ? (
        <KpiFormSkeleton />
      ) : (
        <KpiForm
          mode="create"
          // The person creating a KPI owns it unless they pick others.
          defaultValues={emptyDraft(me.data ? [me.data.user.id] : [])}
          submitLabel="Create KPI"
          onCancel={goBack}
          onSubmit={async (values) => {
            const kpi = await create.mutateAsync(values);
            void navigate(`/kpis/${kpi.id}`);
          }}
        />
      )}
    </div>
  );
}
