// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useChartTurn } from './chart-turns.ts';

function Chart({ name, wanted = true }: { name: string; wanted?: boolean }) {
  const turn = useChartTurn(wanted);
  return <p>{`${name}: ${turn ? 'drawn' : 'waiting'}`}</p>;
}

const states = () => screen.getAllByText(/: /).map((p) => p.textContent);
const nextTask = () => act(() => vi.runOnlyPendingTimers());

describe('useChartTurn', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('lets one chart draw per task, in the order they asked', () => {
    render(
      <>
        <Chart name="a" />
        <Chart name="b" />
        <Chart name="c" wanted={false} />
      </>,
    );
    expect(states()).toEqual(['a: waiting', 'b: waiting', 'c: waiting']);
    nextTask();
    expect(states()).toEqual(['a: drawn', 'b: waiting', 'c: waiting']);
    nextTask();
    expect(states()).toEqual(['a: drawn', 'b: drawn', 'c: waiting']);
    nextTask();
    // A chart that does not ask never gets a turn, and holds no one up.
    expect(states()).toEqual(['a: drawn', 'b: drawn', 'c: waiting']);
  });

  it('passes the turn on when a waiting chart goes away', () => {
    const { rerender } = render(
      <>
        <Chart key="a" name="a" />
        <Chart key="b" name="b" />
      </>,
    );
    // The first turn was already on its way to "a".
    rerender(
      <>
        <Chart key="b" name="b" />
      </>,
    );
    nextTask();
    expect(states()).toEqual(['b: waiting']);
    nextTask();
    expect(states()).toEqual(['b: drawn']);
  });
});
