import { lazy, Suspense, useEffect } from 'react';
import { createBrowserRouter, Link, Navigate, useNavigate, useRouteError } from 'react-router';
import { AppShell } from './components/AppShell.tsx';
import { buttonClass } from './components/ui/Button.tsx';
import { EmptyState, ErrorState } from './components/ui/States.tsx';
import { sessionFromFragment, signIn, useSession } from './lib/session.ts';

/** Only signed-out visitors need the sign-in screen, so it stays out of the entry chunk. */
const SignInScreen = lazy(() =>
  import('./features/auth/SignInScreen.tsx').then((m) => ({ default: m.SignInScreen })),
);

/** Signed in: the app; otherwise (or when the token was refused) the sign-in screen, on the same URL. */
function Root() {
  const { session, expired } = useSession();
  if (!session || expired) {
    return (
      <Suspense fallback={<div className="p-6" aria-busy="true" />}>
        <SignInScreen />
      </Suspense>
    );
  }
  return <AppShell />;
}

/** The link `npm start` prints: `/sign-in#token=…&accountId=…`. */
function SignInLink() {
  const navigate = useNavigate();
  useEffect(() => {
    const session = sessionFromFragment(window.location.hash);
    if (session) signIn(session);
    navigate('/kpis', { replace: true });
  }, [navigate]);
  return null;
}

function RouteError() {
  const error = useRouteError();
  return (
    <div className="mx-auto max-w-xl p-6">
      <ErrorState
        title="This page could not be shown"
        error={error}
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}

function PageNotFound() {
  return (
    <EmptyState
      title="There is no page here"
      action={
        <Link to="/kpis" className={buttonClass('primary')}>
          Go to the KPIs
        </Link>
      }
    >
      The address may be mistyped, or the page may have moved.
    </EmptyState>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInLink /> },
  {
    path: '/',
    element: <Root />,
    errorElement: <RouteError />,
    // Shown while the first lazy page loads.
    hydrateFallbackElement: <div className="p-6" aria-busy="true" />,
    children: [
      { index: true, element: <Navigate to="/kpis" replace /> },
      { path: 'kpis', lazy: () => import('./features/kpis/pages/KpiListPage.tsx') },
      { path: 'kpis/new', lazy: () => import('./features/kpis/pages/KpiCreatePage.tsx') },
      {
        path: 'kpis/:kpiId/edit',
        lazy: () => import('./features/kpis/pages/KpiEditPage.tsx'),
      },
      { path: 'kpis/:kpiId', lazy: () => import('./features/kpis/pages/KpiDetailPage.tsx') },
      { path: 'groups', lazy: () => import('./features/kpi-groups/pages/GroupsPage.tsx') },
      {
        path: 'groups/:groupId',
        lazy: () => import('./features/kpi-groups/pages/GroupPage.tsx'),
      },
      {
        path: 'insightboards',
        lazy: () => import('./features/insightboards/pages/BoardsPage.tsx'),
      },
      {
        path: 'insightboards/:tag',
        lazy: () => import('./features/insightboards/pages/BoardPage.tsx'),
      },
      { path: '*', element: <PageNotFound /> },
    ],
  },
]);
