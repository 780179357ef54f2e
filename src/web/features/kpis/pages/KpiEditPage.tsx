import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { isDeadLink } from '../../../../client/http.ts';
import type { Kpi } from '../../../../contract/kpis.ts';
import { buttonClass } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/States.tsx';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { groupsQuery, usersQuery } from '../../../queries/shared.ts';
import { kpiQuery, useKpi } from '../api/get-kpi.ts';
import { useUpdateKpi } from '../api/mutations.ts';
import { DeleteKpiButton } from '../components/form/DeleteKpiDialog.tsx';
import { KpiForm } from '../components/form/KpiForm.tsx';
import { KpiFormSkeleton } from '../components/form/KpiFormSkeleton.tsx';
import { draftFromKpi } from '../components/form/kpi-form-model.ts';
import { useGoBack } from '../components/form/use-go-back.ts';

/** Starts reading the KPI and the pickers' lists as the route is entered. */
export function loader({ params }: LoaderFunctionArgs) {
  if (sessionStore.get().session && params.kpiId) {
    void queryClient.prefetchQuery(kpiQuery(params.kpiId));
    void queryClient.prefetchQuery(usersQuery());
    void queryClient.prefetchQuery(groupsQuery());
  }
  return null;
}

function Header({ kpi }: { kpi?: Kpi }) {
  return (
    <div>
      <nav aria-label="Breadcrumb" className="text-sm text-gray-600 dark:text-gray-400">
        <ol className="flex flex-wrap items-center gap-1">
          <li>
            <Link to="/kpis" className="underline hover:text-gray-900 dark:hover:text-gray-100">
              KPIs
            </Link>
          </li>
          {kpi && (
            <li className="min-w-0 before:mr-1 before:content-['/']">
              <Link
                to={`/kpis/${kpi.id}`}
                className="break-words underline hover:text-gray-900 dark:hover:text-gray-100"
              >
                {kpi.name}
              </Link>
            </li>
          )}
        </ol>
      </nav>
      <h1 className="mt-1 text-2xl font-semibold break-words text-gray-900 dark:text-gray-100">
        Edit KPI
      </h1>
    </div>
  );
}

function EditKpi({ kpi }: { kpi: Kpi }) {
  const update = useUpdateKpi(kpi.id);
  const navigate = useNavigate();
  const goBack = useGoBack(`/kpis/${kpi.id}`);
  return (
    <>
      <KpiForm
        mode="edit"
        defaultValues={draftFromKpi(kpi)}
        submitLabel="Save changes"
        onCancel={goBack}
        onSubmit={async (changes) => {
          if (Object.keys(changes).length > 0) await update.mutateAsync(changes);
          void navigate(`/kpis/${kpi.id}`);
        }}
      />
      <section
        aria-labelledby="delete-kpi-heading"
        className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-white p-4 sm:p-6 dark:border-red-900 dark:bg-gray-900"
      >
        <div>
          <h2 id="delete-kpi-heading" className="text-base font-semibold">
            Delete this KPI
          </h2>
          <p className="text-sm text-gray-600 dark:text-gray-400">
            Its recorded values and projections go with it.
          </p>
        </div>
        <DeleteKpiButton kpi={kpi} />
      </section>
    </>
  );
}

export function Component() {
  const { kpiId = '' } = useParams();
  const kpi = useKpi(kpiId);
  const notFound = isDeadLink(kpi.error);

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <title>{`${kpi.data ? `Edit ${kpi.data.name}` : 'Edit KPI'} · KPI Dashboard`}</title>
      <Header kpi={kpi.data} />
      {kpi.data ? (
        // A new key starts a fresh form if the route moves to another KPI.
        <EditKpi key={kpi.data.id} kpi={kpi.data} />
      ) : kpi.isPending ? (
        <KpiFormSkeleton />
      ) : notFound ? (
        <EmptyState
          title="KPI not found"
          action={
            <Link to="/kpis" className={buttonClass('primary')}>
              Back to KPIs
            </Link>
          }
        >
          It may have been deleted, or the link is wrong.
        </EmptyState>
      ) : (
        <ErrorState
          title="The KPI could not be loaded"
          error={kpi.error}
          onRetry={() => void kpi.refetch()}
        />
      )}
    </div>
  );
}
