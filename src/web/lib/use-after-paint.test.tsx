// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAfterPaint } from './use-after-paint.ts';

describe('useAfterPaint', () => {
  it('stays false until ready, turns true a frame later, and stays true', async () => {
    const { result, rerender } = renderHook(({ ready }) => useAfterPaint(ready), {
      initialProps: { ready: false },
    });
    expect(result.current).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.current).toBe(false);

    rerender({ ready: true });
    expect(result.current).toBe(false);
    await waitFor(() => expect(result.current).toBe(true));

    rerender({ ready: false });
    expect(result.current).toBe(true);
  });
});
