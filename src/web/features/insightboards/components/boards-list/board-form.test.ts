import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/http.ts';
import {
  boardErrorsFromServer,
  checkName,
  checkNewBoard,
  checkTag,
  labelName,
  labelsText,
  parseLabels,
  sameLabels,
  suggestCloneTag,
} from './board-form.ts';

const KNOWN = [
  { name: 'sales', title: 'Sales' },
  { name: 'weekly-review', title: 'Weekly review' },
];

const apiError = (status: number, detail: string, errors?: { path: string; message: string }[]) =>
  new ApiError(status, detail, { type: 'about:blank', title: 'x', status, detail, errors });

const TAG_TAKEN = apiError(409, 'The tag sales is already used by another insightboard', [
  { path: 'body.tag', message: 'sales is already taken' },
]);

describe('checkName', () => {
  it('requires a name of at most 255 characters', () => {
    expect(checkName('   ')).toBe('Enter a name.');
    expect(checkName('x'.repeat(256))).toMatch(/at most 255/);
    expect(checkName(' Q3 plan ')).toBeUndefined();
  });
});

describe('checkTag', () => {
  it('allows an empty tag only where one is generated', () => {
    expect(checkTag('', { required: false })).toBeUndefined();
    expect(checkTag('', { required: true })).toBe('Enter a tag.');
  });

  it('accepts lowercase letters, digits, - and _ starting with a letter or digit', () => {
    expect(checkTag('q3-plan_2', { required: true })).toBeUndefined();
    expect(checkTag('7days', { required: true })).toBeUndefined();
  });

  it('says what is wrong with a tag', () => {
    expect(checkTag('Sales', { required: true })).toMatch(/no capitals/);
    expect(checkTag('-sales', { required: true })).toMatch(/^Start with/);
    expect(checkTag('q3 plan', { required: true })).toMatch(/^Use only lowercase letters/);
    expect(checkTag(' sales', { required: true })).toBe('Remove the spaces.');
    expect(checkTag('a'.repeat(65), { required: true })).toMatch(/at most 64/);
  });
});

describe('parseLabels', () => {
  it('turns comma-separated words into labels, skipping blanks and repeats', () => {
    expect(parseLabels(' Growth ,, Q3  plans, growth', KNOWN)).toEqual({
      labels: [
        { name: 'growth', title: 'Growth' },
        { name: 'q3-plans', title: 'Q3 plans' },
      ],
    });
    expect(parseLabels('', KNOWN)).toEqual({ labels: [] });
  });

  it('reuses a label the account has, by title or name, so typing does not retitle it', () => {
    expect(parseLabels('SALES, weekly-review, Weekly Review', KNOWN)).toEqual({
      labels: [KNOWN[0], KNOWN[1]],
    });
  });

  it('keeps letters beyond ASCII', () => {
    expect(labelName('Ventes & Marché')).toBe('ventes-marché');
  });

  it('refuses a label without letters or digits, or too long', () => {
    expect(parseLabels('ok, ???', KNOWN).error).toBe('“???” needs a letter or a digit.');
    expect(parseLabels('x'.repeat(65), KNOWN).error).toMatch(/too long/);
    expect(parseLabels(Array.from({ length: 51 }, (_, i) => `l${i}`).join(','), []).error).toMatch(
      /at most 50 labels/,
    );
  });

  it('writes labels back as the field shows them, and compares them by name', () => {
    expect(labelsText(KNOWN)).toBe('Sales, Weekly review');
    expect(sameLabels(KNOWN, [{ name: 'SALES' }, { name: 'weekly-review' }])).toBe(true);
    expect(sameLabels(KNOWN, [{ name: 'weekly-review' }, { name: 'sales' }])).toBe(false);
  });
});

describe('checkNewBoard', () => {
  it('builds the request, leaving out an empty tag and no labels', () => {
    expect(checkNewBoard({ name: ' Q3 plan ', tag: '', labels: ' ' }, KNOWN)).toEqual({
      ok: true,
      request: { name: 'Q3 plan' },
    });
    expect(checkNewBoard({ name: 'Q3', tag: 'q3', labels: 'sales' }, KNOWN)).toEqual({
      ok: true,
      request: { name: 'Q3', tag: 'q3', tags: [KNOWN[0]] },
    });
  });

  it('reports every bad field at once', () => {
    const checked = checkNewBoard({ name: '', tag: 'Q3', labels: '!!' }, KNOWN);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? null : checked.errors).toEqual({
      name: 'Enter a name.',
      tag: expect.stringMatching(/no capitals/),
      labels: '“!!” needs a letter or a digit.',
    });
  });
});

describe('boardErrorsFromServer', () => {
  it('puts the 409 of a taken tag next to the tag, naming the board that has it', () => {
    expect(
      boardErrorsFromServer(TAG_TAKEN, {
        tag: 'sales',
        tagOwner: 'Sales pipeline',
        action: 'created',
      }),
    ).toEqual({ tag: '“sales” is already the tag of “Sales pipeline”. Choose another.' });
    expect(boardErrorsFromServer(TAG_TAKEN, { tag: 'sales', action: 'cloned' })).toEqual({
      tag: '“sales” is already used by another board. Choose another.',
    });
  });

  it('treats a 409 without field errors as the tag’s', () => {
    expect(boardErrorsFromServer(apiError(409, 'Conflict'), { action: 'cloned' }).tag).toMatch(
      /^This tag is already used/,
    );
  });

  it('puts other field problems next to their fields', () => {
    const error = apiError(400, 'Invalid request', [
      { path: 'body.name', message: 'is required' },
      { path: 'body.tags.0.name', message: 'must not be empty' },
    ]);
    expect(boardErrorsFromServer(error, { action: 'saved' })).toEqual({
      name: 'The name is required.',
      labels: 'A label must not be empty.',
    });
  });

  it('says what happened when no field is to blame', () => {
    expect(boardErrorsFromServer(apiError(500, 'Boom'), { action: 'saved' })).toEqual({
      form: 'The board could not be saved: Boom',
    });
    expect(boardErrorsFromServer(new ApiError(404, 'Not found'), { action: 'saved' }).form).toMatch(
      /no longer exists/,
    );
    expect(
      boardErrorsFromServer(new ApiError(0, 'The server could not be reached.'), {
        action: 'saved',
      }),
    ).toEqual({ form: 'The server could not be reached.' });
    expect(boardErrorsFromServer(new Error('x'), { action: 'cloned' })).toEqual({
      form: 'The board could not be cloned.',
    });
  });
});

describe('suggestCloneTag', () => {
  it('suggests the first free copy tag', () => {
    expect(suggestCloneTag('sales', new Set(['sales']))).toBe('sales-copy');
    expect(suggestCloneTag('sales', new Set(['sales-copy', 'sales-copy-2']))).toBe('sales-copy-3');
  });

  it('stays within 64 characters and gives up on tags it cannot extend', () => {
    const suggestion = suggestCloneTag('a'.repeat(64), new Set());
    expect(suggestion.length).toBeLessThanOrEqual(64);
    expect(suggestion.endsWith('-copy')).toBe(true);
    expect(suggestCloneTag('Legacy Tag', new Set())).toBe('');
  });
});
