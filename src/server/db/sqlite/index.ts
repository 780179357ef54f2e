import type { Db } from '../connection.ts';
import type { Repositories } from '../repositories.ts';
import { createAccountRepository } from './accounts.ts';
import { createDashboardRepository } from './dashboards.ts';
import { createKpiGroupRepository } from './groups.ts';
import { createKpiRepository } from './kpis.ts';
import { createProjectionRepository } from './projections.ts';
import { createChangeClock, registerFunctions } from './shared.ts';
import { createSnapshotRepository } from './snapshots.ts';

export function createSqliteRepositories(db: Db): Repositories {
  registerFunctions(db);
  const clock = createChangeClock(db);
  return {
    changeStamp: async () => clock.stamp(),
    accounts: createAccountRepository(db, clock),
    kpis: createKpiRepository(db),
    snapshots: createSnapshotRepository(db),
    projections: createProjectionRepository(db),
    groups: createKpiGroupRepository(db),
    dashboards: createDashboardRepository(db),
  };
}
