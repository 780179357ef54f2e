import type { Tone } from '../../../contract/format.ts';

/** Text colours of good and bad news, readable on light and dark backgrounds (WCAG AA). */
export const TONE_TEXT: Record<Tone, string> = {
  good: 'text-green-700 dark:text-green-400',
  bad: 'text-red-700 dark:text-red-400',
  neutral: 'text-gray-600 dark:text-gray-400',
};

export const TONE_STROKE: Record<Tone, string> = {
  good: 'stroke-green-600 dark:stroke-green-400',
  bad: 'stroke-red-600 dark:stroke-red-400',
  neutral: 'stroke-gray-500 dark:stroke-gray-400',
};
