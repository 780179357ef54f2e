import { useEffect, useRef, useState, type FocusEvent, type PointerEvent } from 'react';
import { holdOrder } from '../groups-model.ts';

function matchesFocusVisible(element: Element): boolean {
  try {
    return element.matches(':focus-visible');
  } catch {
    return true;
  }
}

/**
 * Keeps the rows where they are while the person works in the list (pointer over it, focus in
 * it, or a touch that has not moved elsewhere yet): a star clicked twice must stay under the
 * pointer, and a renamed row must not jump away. The new order shows once they leave.
 */
export function useHeldOrder<E extends { key: string }>(entries: readonly E[]) {
  const [held, setHeld] = useState<readonly string[] | null>(null);
  const container = useRef<HTMLUListElement>(null);
  const pointerInside = useRef(false);
  const focusInside = useRef(false);
  const shown = held ? holdOrder(held, entries) : entries;

  const hold = () => setHeld((current) => current ?? shown.map((e) => e.key));
  const release = () => {
    if (!pointerInside.current && !focusInside.current) setHeld(null);
  };

  // A touch has no hover to leave: the hold it started ends with a touch elsewhere.
  useEffect(() => {
    if (held === null) return;
    const onPointerDown = (event: globalThis.PointerEvent) => {
      if (container.current?.contains(event.target as Node)) return;
      pointerInside.current = false;
      if (!focusInside.current) setHeld(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [held]);

  const listProps = {
    ref: container,
    onPointerEnter: (event: PointerEvent) => {
      if (event.pointerType === 'touch') return;
      pointerInside.current = true;
      hold();
    },
    onPointerDown: () => {
      pointerInside.current = true;
      hold();
    },
    onPointerLeave: (event: PointerEvent) => {
      if (event.pointerType === 'touch') return;
      pointerInside.current = false;
      release();
    },
    // Focus from the keyboard, or in a text field, holds; a mouse click's focus on a button
    // does not, or the rows would only settle once something else is clicked.
    onFocus: (event: FocusEvent) => {
      focusInside.current = matchesFocusVisible(event.target);
      if (focusInside.current) hold();
    },
    onBlur: (event: FocusEvent) => {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      focusInside.current = false;
      release();
    },
  };
  return { shown, listProps };
}
