/**
 * Test helpers for the board page: items and section headers as the API answers them, and the
 * page rendered with the routes it links to.
 */
import type { DashboardItem, SectionHeader } from '../../../../../contract/dashboards.ts';
import type { SnapshotGroup } from '../../../../../contract/kpis.ts';
import { ACCOUNT_ID, BOARD_ID, USER_ID } from '../../../../testing/builders.ts';
import { renderApp } from '../../../../testing/render.tsx';
import { Component } from '../../pages/BoardPage.tsx';

const INSTANT = '2024-01-01T00:00:00.000Z';

export function testItem(
  id: string,
  placement: { row: number; col: number; sizeX: number; sizeY: number },
  overrides: Partial<DashboardItem> = {},
): DashboardItem {
  return {
    id,
    dashboardId: BOARD_ID,
    type: 'kpi-number',
    insightId: '',
    insightName: '',
    insightTitle: '',
    insightRequiredEntities: [],
    insightSource: { originalVersion: '', sourceApplication: '' },
    insightState: { status: '', error: '', metadata: null },
    settings: [],
    filters: [],
    ...placement,
    ...overrides,
  };
}

export function testHeader(
  id: string,
  header: string,
  subHeader: string,
  row: number,
): SectionHeader {
  return {
    id,
    accountId: ACCOUNT_ID,
    dashboardId: BOARD_ID,
    sectionHeaderId: id,
    type: 'sectionHeader',
    sectionHeader: {
      id,
      accountId: ACCOUNT_ID,
      header,
      subHeader,
      createdById: USER_ID,
      modifiedById: USER_ID,
      dateCreated: INSTANT,
      dateUpdated: INSTANT,
    },
    row,
    col: 0,
    sizeX: 12,
    sizeY: 1,
  };
}

export function snapshotGroup(group: string, start: number, value: number): SnapshotGroup {
  const at = new Date(start).toISOString();
  return { group, value, count: 1, start: at, end: at };
}

/** The board page at `path`, with a list page and the KPI list to navigate to. */
export const renderBoardPage = (path: string) =>
  renderApp(
    {
      routes: [
        { path: '/insightboards/:tag', element: <Component /> },
        { path: '/insightboards', element: <h1>All boards</h1> },
        { path: '/kpis', element: <h1>KPI list</h1> },
      ],
    },
    { path },
  );
