import { useEffect, useRef } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';
import type { Notice } from './BoardCard.tsx';

/** What an action on the list did, where it happened, with an undo when there is one. */
export function NoticeBar({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice?.focus) ref.current?.focus();
  }, [notice]);

  const error = notice?.tone === 'error';
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={error ? 'alert' : 'status'}
      className={
        notice
          ? `flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400 ${
              error
                ? 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
                : 'border-gray-200 bg-white text-gray-800 dark:border-gray-700 dark:bg-gray-900 dark:text-gray-200'
            }`
          : 'sr-only'
      }
    >
      {notice && (
        <>
          <span className="min-w-0 flex-1 break-words">{notice.message}</span>
          {notice.undo && (
            <Button size="sm" onClick={notice.undo}>
              Undo
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </>
      )}
    </div>
  );
}
