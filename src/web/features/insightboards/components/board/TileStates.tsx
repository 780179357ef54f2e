import type { ReactNode } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';

/** A tile waiting for its data (or to come into view): the outline of what comes. */
export function TileSkeleton({ kind }: { kind: 'number' | 'chart' }) {
  return (
    <div aria-hidden="true" className="flex h-full min-h-24 flex-col gap-2">
      {kind === 'number' ? (
        <>
          <Skeleton className="h-8 w-32" />
          <Skeleton className="h-4 w-40" />
          <Skeleton className="mt-auto h-7 w-full" />
        </>
      ) : (
        <Skeleton className="min-h-48 w-full flex-1" />
      )}
    </div>
  );
}

/** A tile whose data could not be read: what happened, and a retry that reads it again. */
export function TileError({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry: () => void;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="flex flex-col items-start gap-2 text-sm">
      <p className="font-medium text-red-800 dark:text-red-200">{title} could not be loaded</p>
      <p className="line-clamp-2 text-red-700 dark:text-red-300">{message}</p>
      <Button size="sm" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

/** A tile with nothing to show, and what would change that. */
export function TileNote({ children }: { children: ReactNode }) {
  return <p className="text-sm text-gray-600 dark:text-gray-400">{children}</p>;
}
