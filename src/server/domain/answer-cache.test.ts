import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache.ts';

describe('AnswerCache', () => {
  it('answers only for the stamp an entry was stored at', () => {
    const cache = new AnswerCache();
    cache.set('k', 's1', 'body');
    expect(cache.get('k', 's1')).toBe('body');
    expect(cache.get('k', 's2')).toBeUndefined();
    expect(cache.get('k', 's1')).toBeUndefined();
  });

  it('drops the least recently used beyond its entry budget', () => {
    const cache = new AnswerCache(2);
    cache.set('a', 's', 'A');
    cache.set('b', 's', 'B');
    expect(cache.get('a', 's')).toBe('A');
    cache.set('c', 's', 'C');
    expect(cache.get('b', 's')).toBeUndefined();
    expect(cache.get('a', 's')).toBe('A');
    expect(cache.get('c', 's')).toBe('C');
  });

  it('keeps within its byte budget and skips answers too large to be worth keeping', () => {
    const cache = new AnswerCache(100, 40);
    cache.set('huge', 's', 'x'.repeat(11));
    expect(cache.get('huge', 's')).toBeUndefined();
    cache.set('a', 's', 'x'.repeat(10));
    cache.set('b', 's', 'x'.repeat(10));
    cache.set('c', 's', 'x'.repeat(10));
    cache.set('d', 's', 'x'.repeat(10));
    cache.set('e', 's', 'x'.repeat(10));
    expect(cache.size).toBe(4);
    expect(cache.get('a', 's')).toBeUndefined();
    expect(cache.get('e', 's')).toBe('x'.repeat(10));
  });
});
