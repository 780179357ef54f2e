import { useEffect, useState } from 'react';

/**
 * True from the first frame painted after `ready` became true, and from then on. Heavy extras
 * (the chart code, tens of kilobytes) start loading once the page's own content is on screen,
 * so they never compete with it for the network or the main thread.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The animation frame comes just before the paint; the task after it, just after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
