import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useSyncExternalStore } from 'react';
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { Button } from '../../../../components/ui/Button.tsx';
import { boardKeys, kpiKeys } from '../../../../queries/keys.ts';
import type { Block } from '../../layout.ts';
import { BoardBlocks } from './BoardBlocks.tsx';
import { BoardRefreshContext, PRESENTATION_REFRESH_MS } from './refresh.ts';
import { clockTime, zoneOf } from './tile-model.ts';

const ROOTS: readonly unknown[] = [kpiKeys.all[0], boardKeys.all[0]];

/**
 * When everything on screen was last read: the oldest data among the board's and its tiles'
 * queries in use, so a refresh that failed shows as an older time.
 */
function useDataUpdatedAt(): number {
  const client = useQueryClient();
  return useSyncExternalStore(
    (onChange) => client.getQueryCache().subscribe(onChange),
    () => {
      let oldest = 0;
      for (const query of client.getQueryCache().getAll()) {
        const at = query.state.dataUpdatedAt;
        if (at === 0 || query.getObserversCount() === 0 || !ROOTS.includes(query.queryKey[0]))
          continue;
        oldest = oldest === 0 ? at : Math.min(oldest, at);
      }
      return oldest;
    },
  );
}

export function requestFullscreen() {
  if (document.fullscreenEnabled && !document.fullscreenElement) {
    // Refused without a click, or by the embedding page: the chrome-less page is shown anyway.
    document.documentElement.requestFullscreen().catch(() => {});
  }
}

export function exitFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

/**
 * The board on a screen: over everything (a modal dialog, full screen when the browser allows),
 * larger, without edit controls, its data read again every few minutes. Escape leaves.
 */
export function Presentation({
  board,
  blocks,
  timeZone,
  now,
  onExit,
}: {
  board: Dashboard;
  blocks: readonly Block[];
  timeZone: string;
  now: number;
  onExit: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const updatedAt = useDataUpdatedAt();
  const exit = useRef(onExit);
  useEffect(() => {
    exit.current = onExit;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    headingRef.current?.focus();
    // Escape in full screen leaves full screen without a key event reaching the page.
    let wasFullscreen = Boolean(document.fullscreenElement);
    const onChange = () => {
      const now = Boolean(document.fullscreenElement);
      if (wasFullscreen && !now) exit.current();
      wasFullscreen = now;
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onExit();
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none overflow-y-auto bg-gray-50 p-0 text-gray-900 backdrop:bg-gray-50 dark:bg-gray-950 dark:text-gray-100 dark:backdrop:bg-gray-950"
    >
      <div className="mx-auto max-w-[120rem] px-4 py-5 sm:px-8">
        <header className="mb-6 flex flex-wrap items-center gap-x-6 gap-y-2">
          {/* Focus starts on the title, so a screen on the wall shows no focus ring. */}
          <h1
            id={titleId}
            ref={headingRef}
            tabIndex={-1}
            className="min-w-0 flex-1 text-3xl font-semibold outline-none sm:text-4xl"
          >
            {board.name}
          </h1>
          <p className="text-base text-gray-600 tabular-nums dark:text-gray-400" aria-live="off">
            {updatedAt > 0 ? `Updated ${clockTime(updatedAt, zoneOf(timeZone))}` : 'Loading…'}
          </p>
          <Button onClick={onExit}>
            Exit presentation<span className="sr-only"> (Escape)</span>
          </Button>
        </header>
        <BoardRefreshContext.Provider value={PRESENTATION_REFRESH_MS}>
          <BoardBlocks blocks={blocks} mode="present" timeZone={timeZone} now={now} />
        </BoardRefreshContext.Provider>
      </div>
    </dialog>
  );
}
