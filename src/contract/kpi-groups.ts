import { z } from 'zod';
import { Id, Instant, listResponse } from './common.ts';

export const KpiGroup = z
  .object({
    id: Id,
    accountId: Id,
    name: z.string(),
    favorite: z.boolean().meta({ description: 'Whether the current user has starred the group' }),
    kpisCount: z.number().int().meta({ description: 'KPIs in the group' }),
    createdById: Id,
    modifiedById: Id,
    dateCreated: Instant,
    dateUpdated: Instant,
  })
  .meta({ id: 'KpiGroup' });
export type KpiGroup = z.infer<typeof KpiGroup>;

/** Pages of full groups, as answered without `fields`. */
export const KpiGroupPage = listResponse(KpiGroup);

export const KpiGroupList = listResponse(
  KpiGroup.partial().required({ id: true, accountId: true }),
).meta({
  id: 'KpiGroupsWithTotalCount',
});

export const CreateKpiGroupRequest = z
  .object({ name: z.string().trim().min(1, 'is required').max(255) })
  .meta({ id: 'CreateKpiGroupRequest' });
export const UpdateKpiGroupRequest = z
  .object({ name: z.string().trim().min(1, 'is required').max(255).optional() })
  .meta({ id: 'UpdateKpiGroupRequest' });
