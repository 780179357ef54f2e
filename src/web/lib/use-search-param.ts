import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

/**
 * A search parameter for a control that edits it, as `[value, set]`. Changing the URL is a
 * navigation, which commits a moment later (after the route's loader, in a transition); until
 * then the control shows what the person chose, so a checkbox does not spring back and typing is
 * not lost. Once any navigation commits, the URL speaks again. An empty value removes the
 * parameter; the history entry is replaced, not added.
 */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const { key } = useLocation();
  const fromUrl = params.get(name) ?? '';
  // What was chosen, and on which location: it stands only until the location changes.
  const [chosen, setChosen] = useState<{ value: string; on: string } | null>(null);
  const set = (value: string) => {
    setChosen({ value, on: key });
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };
  return [chosen !== null && chosen.on === key ? chosen.value : fromUrl, set];
}
