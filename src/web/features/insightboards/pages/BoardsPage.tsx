import { useMemo, useState } from 'react';
import type { Dashboard } from '../../../../contract/dashboards.ts';
import { UTC, parseTimeZone } from '../../../../contract/periods.ts';
import { Button } from '../../../components/ui/Button.tsx';
import { Field, inputClass } from '../../../components/ui/Field.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/States.tsx';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { useSearchParam } from '../../../lib/use-search-param.ts';
import { useTimeZone } from '../../../lib/use-time-zone.ts';
import { useSaveBoard } from '../api/mutations.ts';
import {
  boardsQuery,
  reportsQuery,
  tagUsagesQuery,
  useBoards,
  useReports,
  useTagUsages,
} from '../api/queries.ts';
import type { BoardListTools, Notice } from '../components/boards-list/BoardCard.tsx';
import { suggestCloneTag } from '../components/boards-list/board-form.ts';
import {
  archivedBoards,
  groupBoards,
  knownLabels,
  matchesSearch,
} from '../components/boards-list/board-groups.ts';
import {
  BoardCardsSkeleton,
  BoardListSkeleton,
  BoardSection,
} from '../components/boards-list/BoardSections.tsx';
import { CreateBoardDialog } from '../components/boards-list/CreateBoardDialog.tsx';
import { NoticeBar } from '../components/boards-list/NoticeBar.tsx';

/** Starts the page's reads as the route is entered; the page shows their progress. */
export function loader() {
  if (sessionStore.get().session) {
    void queryClient.prefetchQuery(boardsQuery({ archived: false }));
    void queryClient.prefetchQuery(boardsQuery({ archived: true }));
    void queryClient.prefetchQuery(tagUsagesQuery());
    void queryClient.prefetchQuery(reportsQuery());
  }
  return null;
}

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export function Component() {
  const [search, setSearch] = useSearchParam('q');
  const [archivedParam, setArchivedParam] = useSearchParam('archived');
  const showArchived = archivedParam === '1';
  const boards = useBoards({ archived: false });
  const archived = useBoards({ archived: true });
  const usages = useTagUsages();
  const reports = useReports();
  const tz = parseTimeZone(useTimeZone()) ?? UTC;
  const save = useSaveBoard();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const active = useMemo(() => boards.data?.items ?? [], [boards.data]);
  const archivedAll = useMemo(() => archivedBoards(archived.data?.items ?? []), [archived.data]);
  const labels = useMemo(
    () => knownLabels(usages.data?.items ?? [], [...active, ...archivedAll]),
    [usages.data, active, archivedAll],
  );
  const owners = useMemo(
    () => new Map([...archivedAll, ...active].map((board) => [board.tag, board.name])),
    [active, archivedAll],
  );

  /** Archives or restores, then says so with an undo; concurrent calls each get their answer. */
  function setArchived(board: Dashboard, archive: boolean) {
    save.mutateAsync({ board, changes: { archived: archive } }).then(
      (saved) =>
        setNotice({
          message: `${archive ? 'Archived' : 'Restored'} “${saved.name}”.`,
          undo: () => setArchived(saved, !archive),
          focus: true,
        }),
      (error: Error) =>
        setNotice({
          tone: 'error',
          message: `“${board.name}” could not be ${archive ? 'archived' : 'restored'}: ${error.message}`,
          focus: true,
        }),
    );
  }

  const tools: BoardListTools = {
    tz,
    knownLabels: labels,
    tagOwner: (tag) => owners.get(tag),
    suggestCloneTag: (board) => suggestCloneTag(board.tag, new Set(owners.keys())),
    setArchived,
    notify: setNotice,
  };

  const createButton = (text: string) => (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <span aria-hidden="true">+</span> {text}
    </Button>
  );

  // The grouping waits for the tag usages, unless they failed: the boards' own labels then do.
  const loading = boards.isPending || (usages.isPending && !usages.isError);
  const sections = groupBoards(
    active.filter((board) => matchesSearch(board, search)),
    usages.data?.items,
    reports.data,
  );
  const reportCount = active.filter((board) => board.isReport).length;
  const boardCount = active.length - reportCount;
  const archivedShown = archivedAll.filter((board) => matchesSearch(board, search));
  const noBoardsAtAll = boardCount === 0 && archived.isSuccess && archivedAll.length === 0;
  const nothingFound =
    search.trim() !== '' &&
    sections.length === 0 &&
    (!showArchived || (archived.isSuccess && archivedShown.length === 0));

  let body;
  if (loading) {
    body = <BoardListSkeleton />;
  } else if (boards.isError) {
    body = (
      <ErrorState
        title="The insightboards could not be loaded"
        error={boards.error}
        onRetry={() => void boards.refetch()}
      />
    );
  } else if (nothingFound) {
    body = (
      <EmptyState
        title={`No board matches “${search.trim()}”`}
        action={<Button onClick={() => setSearch('')}>Clear the search</Button>}
      >
        The search looks at names, tags and labels
        {showArchived ? ', archived boards included' : ''}.
      </EmptyState>
    );
  } else {
    body = (
      <div className="space-y-8">
        {sections.map((section) => (
          <BoardSection
            key={section.key}
            title={section.title}
            boards={section.boards}
            tools={tools}
            description={
              section.kind === 'reports'
                ? 'Every account has these two. They can be renamed and cloned, not archived or deleted.'
                : undefined
            }
          />
        ))}
        {noBoardsAtAll && !search && (
          <EmptyState title="No insightboards yet" action={createButton('Create your first board')}>
            A board lays out KPI numbers and charts on a grid, to share and review together.
          </EmptyState>
        )}
        {showArchived && (
          <BoardSection title="Archived" boards={archivedShown} tools={tools}>
            {archived.isPending ? (
              <BoardCardsSkeleton count={2} />
            ) : archived.isError ? (
              <ErrorState
                title="The archived boards could not be loaded"
                error={archived.error}
                onRetry={() => void archived.refetch()}
              />
            ) : archivedShown.length === 0 ? (
              <p className="text-sm text-gray-600 dark:text-gray-400">
                {archivedAll.length === 0
                  ? 'No board is archived. Archived boards leave the list and can be restored here.'
                  : `No archived board matches “${search.trim()}”.`}
              </p>
            ) : undefined}
          </BoardSection>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <title>Insightboards · KPI Dashboard</title>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-gray-900 dark:text-gray-100">Insightboards</h1>
          <p className="mt-0.5 min-h-5 text-sm text-gray-600 dark:text-gray-400">
            {boards.isSuccess
              ? `${plural(boardCount, 'board', 'boards')} · ${plural(reportCount, 'report', 'reports')}`
              : ' '}
          </p>
        </div>
        {createButton('New board')}
      </div>

      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <form
          role="search"
          className="min-w-0 flex-1 basis-full sm:basis-64 sm:flex-none"
          onSubmit={(event) => event.preventDefault()}
        >
          <Field label="Search boards">
            {(control) => (
              <input
                {...control}
                type="search"
                value={search}
                maxLength={200}
                placeholder="Name, tag or label"
                autoComplete="off"
                className={inputClass}
                onChange={(event) => setSearch(event.target.value)}
              />
            )}
          </Field>
        </form>
        <label className="flex cursor-pointer items-center gap-2 py-2 text-sm text-gray-800 dark:text-gray-200">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(event) => setArchivedParam(event.target.checked ? '1' : '')}
            className="h-4 w-4 rounded border-gray-300 accent-blue-600 dark:border-gray-600"
          />
          Show archived{archived.isSuccess ? ` (${archivedAll.length.toLocaleString('en')})` : ''}
        </label>
      </div>

      <NoticeBar notice={notice} onDismiss={() => setNotice(null)} />

      {body}

      {creating && (
        <CreateBoardDialog
          knownLabels={labels}
          tagOwner={(tag) => owners.get(tag)}
          onClose={() => setCreating(false)}
        />
      )}
    </div>
  );
}
