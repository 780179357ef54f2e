import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { isDeadLink } from '../../../../client/http.ts';
import type { Dashboard } from '../../../../contract/dashboards.ts';
import { Button, buttonClass, focusRing } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../components/ui/States.tsx';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { useTimeZone } from '../../../lib/use-time-zone.ts';
import { boardByTagQuery } from '../api/queries.ts';
import { BoardBlocks } from '../components/board/BoardBlocks.tsx';
import { BoardEditor } from '../components/board/BoardEditor.tsx';
import {
  exitFullscreen,
  Presentation,
  requestFullscreen,
} from '../components/board/Presentation.tsx';
import { PRESENTATION_REFRESH_MS } from '../components/board/refresh.ts';
import { blocksFromBoard } from '../layout.ts';

/** Starts reading the board as the route is entered, without waiting for it. */
export function loader({ params }: LoaderFunctionArgs) {
  if (sessionStore.get().session && params.tag) {
    void queryClient.prefetchQuery(boardByTagQuery(params.tag));
  }
  return null;
}

function BoardSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading the insightboard">
      <div className="space-y-3">
        <Skeleton className="h-8 w-72 max-w-full" />
        <Skeleton className="h-5 w-48" />
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-12 md:auto-rows-[4.5rem]">
        <Skeleton className="h-10 md:col-span-12" />
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-40 md:col-span-3 md:row-span-2 md:h-auto" />
        ))}
        <Skeleton className="h-80 md:col-span-6 md:row-span-4 md:h-auto" />
        <Skeleton className="h-80 md:col-span-6 md:row-span-4 md:h-auto" />
      </div>
    </div>
  );
}

function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-gray-200 bg-white p-8 text-center dark:border-gray-800 dark:bg-gray-900">
      <title>Insightboard not found · KPI Dashboard</title>
      <h1 className="text-xl font-semibold">Insightboard not found</h1>
      <p className="mt-2 text-sm text-gray-700 dark:text-gray-300">
        It may have been deleted, or the link may be mistyped.
      </p>
      <Link to="/insightboards" className={`${buttonClass('primary')} mt-5`}>
        All insightboards
      </Link>
    </div>
  );
}

function Labels({ board }: { board: Dashboard }) {
  if (!board.isReport && board.tags.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Labels">
      {board.isReport && (
        <li className="rounded-full bg-violet-100 px-2.5 py-0.5 text-xs font-medium text-violet-900 dark:bg-violet-950 dark:text-violet-200">
          Report
        </li>
      )}
      {board.tags.map((label) => (
        <li
          key={label.id}
          className="rounded-full bg-gray-100 px-2.5 py-0.5 text-xs font-medium text-gray-800 dark:bg-gray-800 dark:text-gray-200"
        >
          {label.title || label.name}
        </li>
      ))}
    </ul>
  );
}

function BoardScreen({ tag }: { tag: string }) {
  const [params, setParams] = useSearchParams();
  const presenting = params.get('present') === '1';
  const timeZone = useTimeZone();
  // One "now" per visit keeps the tiles' dates, and so their query keys, steady; a presented
  // board moves on with the clock.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!presenting) return;
    const timer = setInterval(() => setNow(Date.now()), PRESENTATION_REFRESH_MS);
    return () => clearInterval(timer);
  }, [presenting]);
  const board = useQuery({
    ...boardByTagQuery(tag),
    refetchInterval: presenting ? PRESENTATION_REFRESH_MS : false,
  });
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  const setPresenting = (on: boolean) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (on) next.set('present', '1');
        else next.delete('present');
        return next;
      },
      { replace: true },
    );

  if (board.isPending) return <BoardSkeleton />;
  if (board.isError) {
    return isDeadLink(board.error) ? (
      <NotFound />
    ) : (
      <ErrorState
        title="The insightboard could not be loaded"
        error={board.error}
        onRetry={() => void board.refetch()}
      />
    );
  }

  const data = board.data;
  const title = <title>{`${data.name} · KPI Dashboard`}</title>;
  if (editing && !presenting) {
    return (
      <>
        {title}
        <BoardEditor
          board={data}
          timeZone={timeZone}
          now={now}
          onDone={(wasSaved) => {
            setEditing(false);
            setSaved(wasSaved);
          }}
        />
      </>
    );
  }

  const blocks = blocksFromBoard(data);
  if (presenting) {
    return (
      <>
        {title}
        <Presentation
          board={data}
          blocks={blocks}
          timeZone={timeZone}
          now={now}
          onExit={() => {
            exitFullscreen();
            setPresenting(false);
          }}
        />
      </>
    );
  }

  let body: ReactNode;
  if (blocks.length === 0) {
    body = (
      <EmptyState
        title="This board has no items yet — Edit to add some"
        action={
          <Button variant="primary" onClick={() => setEditing(true)}>
            Edit board
          </Button>
        }
      >
        Number tiles show a KPI&apos;s latest value and change; charts show KPIs over time.
      </EmptyState>
    );
  } else {
    body = <BoardBlocks blocks={blocks} mode="view" timeZone={timeZone} now={now} />;
  }

  return (
    <div className="space-y-6">
      {title}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words">{data.name}</h1>
          <Labels board={data} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <p role="status" className="text-sm text-green-700 dark:text-green-400">
            {saved ? 'Layout saved' : ''}
          </p>
          <Button
            onClick={() => {
              requestFullscreen();
              setPresenting(true);
            }}
            disabled={blocks.length === 0}
          >
            Present
          </Button>
          <Button
            variant="primary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            Edit board
          </Button>
        </div>
      </div>
      {body}
    </div>
  );
}

/** One insightboard (or report) at `/insightboards/:tag`: viewed, edited, or presented. */
export function Component() {
  const { tag = '' } = useParams();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb">
        <Link
          to="/insightboards"
          className={`rounded text-sm text-blue-700 hover:underline dark:text-blue-300 ${focusRing}`}
        >
          <span aria-hidden="true">← </span>All insightboards
        </Link>
      </nav>
      <BoardScreen key={tag} tag={tag} />
    </div>
  );
}
