import { useState } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import type { TimeZone } from '../../../../../contract/periods.ts';
import { Button, focusRing } from '../../../../components/ui/Button.tsx';
import { ConfirmDialog } from '../../../../components/ui/Dialog.tsx';
import { useDeleteBoard } from '../../api/mutations.ts';
import { ActionsMenu, type MenuAction } from './ActionsMenu.tsx';
import type { Label } from './board-form.ts';
import { boardPath, describeItems, formatUpdated } from './board-groups.ts';
import { CloneBoardDialog } from './CloneBoardDialog.tsx';
import { RenameBoardDialog } from './RenameBoardDialog.tsx';

export interface Notice {
  message: string;
  tone?: 'error';
  undo?: () => void;
  /** Move focus to the notice, when what had it (the board's menu) is going away. */
  focus?: boolean;
}

/** What every card of the list shares: set up once by the page. */
export interface BoardListTools {
  tz: TimeZone;
  knownLabels: readonly Label[];
  tagOwner: (tag: string) => string | undefined;
  suggestCloneTag: (board: Dashboard) => string;
  setArchived: (board: Dashboard, archived: boolean) => void;
  notify: (notice: Notice) => void;
}

type Open = 'rename' | 'clone' | 'delete' | null;

export function BoardCard({ board, tools }: { board: Dashboard; tools: BoardListTools }) {
  const [open, setOpen] = useState<Open>(null);
  const remove = useDeleteBoard();
  const updated = formatUpdated(board.dateUpdated, tools.tz);

  const closeDelete = () => {
    setOpen(null);
    remove.reset();
  };

  // Reports can be renamed and cloned, never archived or deleted.
  const actions: MenuAction[] = [
    { label: 'Rename…', onSelect: () => setOpen('rename') },
    { label: 'Clone…', onSelect: () => setOpen('clone') },
    ...(board.isReport || board.archived
      ? []
      : [{ label: 'Archive', onSelect: () => tools.setArchived(board, true) }]),
    ...(board.isReport
      ? []
      : [{ label: 'Delete…', danger: true, onSelect: () => setOpen('delete') }]),
  ];

  return (
    <li className="flex min-w-0 flex-col gap-2 rounded-lg border border-gray-200 bg-white p-4 shadow-sm dark:border-gray-800 dark:bg-gray-900">
      <div className="flex items-start gap-2">
        <h3 className="min-w-0 flex-1 pt-1 text-base font-medium leading-snug">
          <Link
            to={boardPath(board.tag)}
            className={`break-words rounded text-blue-700 hover:underline dark:text-blue-300 ${focusRing}`}
          >
            {board.name}
          </Link>
        </h3>
        {board.archived && (
          <Button
            size="sm"
            aria-label={`Restore “${board.name}”`}
            onClick={() => tools.setArchived(board, false)}
          >
            Restore
          </Button>
        )}
        <ActionsMenu label={`Actions for “${board.name}”`} actions={actions} />
      </div>
      <p className="text-sm text-gray-600 dark:text-gray-400">
        {describeItems(board.insightsCount)}
        {updated && (
          <>
            {' · '}
            <span className="whitespace-nowrap">
              Updated{' '}
              <time dateTime={board.dateUpdated} title={board.dateUpdated}>
                {updated}
              </time>
            </span>
          </>
        )}
      </p>
      {board.tags.length > 0 && (
        <ul aria-label="Labels" className="flex flex-wrap gap-1">
          {board.tags.map((label) => (
            <li
              key={label.name}
              className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-800 dark:bg-gray-800 dark:text-gray-200"
            >
              {label.title || label.name}
            </li>
          ))}
        </ul>
      )}

      {open === 'rename' && (
        <RenameBoardDialog
          board={board}
          knownLabels={tools.knownLabels}
          onClose={() => setOpen(null)}
          onSaved={(saved) => tools.notify({ message: `Saved “${saved.name}”.` })}
        />
      )}
      {open === 'clone' && (
        <CloneBoardDialog
          board={board}
          suggestedTag={tools.suggestCloneTag(board)}
          tagOwner={tools.tagOwner}
          onClose={() => setOpen(null)}
        />
      )}
      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete “${board.name}”?`}
        confirmLabel="Delete board"
        pending={remove.isPending}
        error={remove.error ? `The board could not be deleted: ${remove.error.message}` : null}
        onClose={closeDelete}
        onConfirm={() =>
          remove.mutate(board, {
            onSuccess: () => {
              setOpen(null);
              tools.notify({ message: `Deleted “${board.name}”.`, focus: true });
            },
          })
        }
      >
        <p>
          Its items and sections are deleted with it, and links to it stop working. The KPIs it
          shows are kept.
          {!board.archived && ' To keep it out of sight instead, archive it.'} This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </li>
  );
}
