import { useEffect, useState } from 'react';

/**
 * Charts take turns to draw: one chart per browser task, the next once the previous one has
 * committed. A board brings several charts into view at once, and drawing them all in one go
 * blocked the page for as long as all of them took together.
 */
const waiting: (() => void)[] = [];
let drawing = false;

function grantNext(): void {
  const grant = waiting.shift();
  if (!grant) {
    drawing = false;
    return;
  }
  drawing = true;
  // A task of its own, so the browser can paint and handle input between two charts.
  setTimeout(grant, 0);
}

/** True once it is this chart's turn to draw (and from then on); `wanted` asks for a turn. */
export function useChartTurn(wanted: boolean): boolean {
  const [granted, setGranted] = useState(false);
  useEffect(() => {
    if (!wanted || granted) return;
    let mounted = true;
    const grant = () => {
      if (mounted) setGranted(true);
      else grantNext();
    };
    waiting.push(grant);
    if (!drawing) grantNext();
    return () => {
      mounted = false;
      const index = waiting.indexOf(grant);
      if (index >= 0) waiting.splice(index, 1);
    };
  }, [wanted, granted]);
  useEffect(() => {
    // Drawn (committed): the next chart's turn.
    if (granted) grantNext();
  }, [granted]);
  return granted;
}
