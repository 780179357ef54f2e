import { useId, type ReactNode } from 'react';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { Skeleton } from '../../../../components/ui/States.tsx';
import { BoardCard, type BoardListTools } from './BoardCard.tsx';

const grid = 'grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4';

/** One titled group of boards: a label, the reports, the boards without a label, the archive. */
export function BoardSection({
  title,
  description,
  boards,
  tools,
  children,
}: {
  title: string;
  description?: ReactNode;
  boards: readonly Dashboard[];
  tools: BoardListTools;
  /** Shown instead of the cards (loading, failure, nothing archived). */
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div>
        <h2
          id={id}
          className="flex items-baseline gap-2 text-lg font-semibold text-gray-900 dark:text-gray-100"
        >
          <span className="min-w-0 break-words">{title}</span>
          {!children && (
            <span className="text-sm font-normal text-gray-600 dark:text-gray-400">
              {boards.length}
              <span className="sr-only"> {boards.length === 1 ? 'board' : 'boards'}</span>
            </span>
          )}
        </h2>
        {description && <p className="text-sm text-gray-600 dark:text-gray-400">{description}</p>}
      </div>
      {children ?? (
        <ul className={grid}>
          {boards.map((board) => (
            <BoardCard key={board.id} board={board} tools={tools} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The size of what comes: a section of two reports and one of three boards. */
export function BoardCardsSkeleton({ count }: { count: number }) {
  return (
    <div className={grid} aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div
          key={i}
          className="space-y-3 rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900"
        >
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-1/3" />
        </div>
      ))}
    </div>
  );
}

export function BoardListSkeleton() {
  return (
    <div role="status" className="space-y-8">
      <span className="sr-only">Loading insightboards…</span>
      {[2, 3].map((count, i) => (
        <div key={i} className="space-y-2" aria-hidden="true">
          <Skeleton className="h-6 w-40" />
          <BoardCardsSkeleton count={count} />
        </div>
      ))}
    </div>
  );
}
