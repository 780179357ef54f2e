/** Boards and labels for the tests of the board list, in the shape the API answers. */
import type { Dashboard } from '../../../../../contract/dashboards.ts';
import { testBoard, USER_ID } from '../../../../testing/builders.ts';

export function testLabel(name: string, title: string): Dashboard['tags'][number] {
  return {
    id: `${name.length}`.padStart(24, 'e'),
    name,
    title,
    isActive: true,
    createdBy: USER_ID,
    dateCreated: '2026-01-01T00:00:00.000Z',
    items: [],
  };
}

/** A board as the list shows it: its tag made from its name, last updated on 5 Mar 2026. */
export const listedBoard = (id: string, name: string, overrides: Partial<Dashboard> = {}) =>
  testBoard({
    id,
    name,
    tag: name.toLowerCase().replace(/\W+/g, '-'),
    dateCreated: '2026-01-01T00:00:00.000Z',
    dateUpdated: '2026-03-05T10:00:00.000Z',
    ...overrides,
  });
