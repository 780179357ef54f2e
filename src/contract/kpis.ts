import { z } from 'zod';
import {
  CALENDAR_DATE_PATTERN,
  Id,
  Instant,
  Setting,
  itemsResponse,
  listResponse,
} from './common.ts';
import {
  AGGREGATIONS,
  GRANULARITIES,
  STATISTICS_TYPES,
  isCalendarDate,
  parsePeriodKey,
  parseTimeZone,
} from './periods.ts';

export const TARGET_OPERATORS = ['should_increase', 'should_decrease'] as const;
export type TargetOperator = (typeof TARGET_OPERATORS)[number];

export const Aggregation = z.enum(AGGREGATIONS).meta({
  description: 'How the values of a period are summarised ("Summarize with")',
});
export const TargetOperator = z.enum(TARGET_OPERATORS).meta({
  description: '`should_increase`: more is better; `should_decrease`: less is better',
});

export const TimeZoneParam = z
  .string()
  .refine(
    (s) => parseTimeZone(s) !== null,
    'must be a UTC offset such as UTC, UTC+3, UTC-2, UTC+5:30, or an IANA zone',
  )
  .meta({ example: 'UTC+3' });

export const CalendarDate = z
  .string()
  .regex(CALENDAR_DATE_PATTERN, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date')
  .meta({ example: '2022-09-05' });

/** Values are kept within ±10^15 so that sums over many periods stay finite. */
export const MAX_KPI_VALUE = 1e15;
export const KpiValue = z
  .number()
  .finite()
  .gte(-MAX_KPI_VALUE, 'must be at least -1e15')
  .lte(MAX_KPI_VALUE, 'must be at most 1e15');

export const PeriodKey = z
  .string()
  .max(16)
  .refine(
    (s) => parsePeriodKey(s) !== null,
    'must be a period key: 2022-09-05, 2022-W36, 2022-09, 2022-Q3 or 2022',
  )
  // The year 9999 is left out so that every period ends at an instant RFC 3339 can write.
  .refine((s) => Number(s.slice(0, 4)) <= 9998, 'must be in a year from 1970 to 9998')
  .meta({ example: '2022-W36' });

export const Formatting = z
  .object({
    prefix: z.string().max(16).default(''),
    suffix: z.string().max(16).default(''),
    fractionSize: z.number().int().min(0).max(10).default(0),
  })
  .meta({ id: 'KpiFormatting' });
export type Formatting = z.infer<typeof Formatting>;

export const InsightLink = z
  .object({
    fieldName: z.string().max(200).default(''),
    insightName: z.string().min(1).max(200),
    insightValue: z.number().finite().optional(),
    settings: z.array(Setting).max(100).default([]),
    usedDataSourceBlueprintNames: z.array(z.string().max(200)).max(100).default([]),
  })
  .meta({ id: 'KpiInsightLink' });
export type InsightLink = z.infer<typeof InsightLink>;

const Name = z.string().trim().min(1, 'is required').max(255);
const Description = z.string().max(20_000);

export const CreateKpiRequest = z
  .object({
    name: Name,
    description: Description.default(''),
    richTextDescription: Description.optional().meta({
      description: 'Older Gtmhub pages: the description as HTML',
    }),
    aggregation: Aggregation.default('last'),
    targetOperator: TargetOperator.default('should_increase'),
    formatting: Formatting.default({ prefix: '', suffix: '', fractionSize: 0 }),
    groups: z.array(Id).max(100).default([]),
    groupsOrder: z.unknown().optional().meta({ description: 'Accepted and ignored' }),
    insight: InsightLink.nullable().optional(),
    ownerId: Id.optional(),
    ownerIds: z.array(Id).max(50).optional(),
  })
  .meta({ id: 'CreateKpiRequest' });
export type CreateKpiRequest = z.infer<typeof CreateKpiRequest>;

/** PATCH takes the insight plainly, or wrapped as `{ Present, Value }` as the reference sample shows. */
const InsightPatch = z.union([
  z.object({ Present: z.boolean(), Value: InsightLink.nullable().optional() }),
  InsightLink,
  z.null(),
]);

export const UpdateKpiRequest = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    richTextDescription: Description.optional(),
    aggregation: Aggregation.optional(),
    targetOperator: TargetOperator.optional(),
    formatting: z
      .object({
        prefix: z.string().max(16).optional(),
        suffix: z.string().max(16).optional(),
        fractionSize: z.number().int().min(0).max(10).optional(),
      })
      .optional(),
    groups: z.array(Id).max(100).optional(),
    groupsOrder: z.unknown().optional(),
    insight: InsightPatch.optional(),
    ownerId: Id.optional(),
    ownerIds: z.array(Id).max(50).optional(),
  })
  .meta({ id: 'UpdateKpiRequest' });
export type UpdateKpiRequest = z.infer<typeof UpdateKpiRequest>;

export const Projection = z
  .object({
    id: Id,
    date: z.string(),
    value: z.number(),
    createdById: Id,
    modifiedById: Id,
    dateCreated: Instant,
    dateModified: Instant,
  })
  .meta({ id: 'KpiProjection' });
export type Projection = z.infer<typeof Projection>;

const EmptyExpandedLinks = z.object({
  expanded: z.object({
    goals: z.array(z.unknown()),
    kpis: z.array(z.unknown()),
    metrics: z.array(z.unknown()),
    sessions: z.array(z.unknown()),
  }),
});

export const Kpi = z
  .object({
    id: Id,
    accountId: Id,
    name: z.string(),
    description: z.string(),
    richTextDescription: z.string(),
    aggregation: Aggregation,
    targetOperator: TargetOperator,
    formatting: z.object({
      prefix: z.string(),
      suffix: z.string(),
      fractionSize: z.number().int(),
    }),
    groups: z.array(Id),
    ownerId: Id.nullable(),
    ownerIds: z.array(Id),
    isOwner: z.boolean(),
    insightLink: InsightLink.omit({ insightValue: true }).nullable(),
    projections: z.array(Projection),
    tags: z.array(z.unknown()),
    links: EmptyExpandedLinks,
    currentUserAllowedActions: z.array(z.string()),
    createdById: Id,
    modifiedById: Id,
    dateCreated: Instant,
    dateUpdated: Instant,
  })
  .meta({ id: 'Kpi' });
export type Kpi = z.infer<typeof Kpi>;

/** A KPI as `fields` may trim it: any field, nested ones included, may be left out. */
export const KpiSelection = Kpi.partial()
  .extend({
    formatting: Kpi.shape.formatting.partial().optional(),
    insightLink: InsightLink.partial().nullable().optional(),
    projections: z.array(Projection.partial()).optional(),
  })
  .required({ id: true, accountId: true });

/** Pages of full KPIs, as answered without `fields`. */
export const KpiPage = listResponse(Kpi);

export const KpiList = listResponse(KpiSelection).meta({
  id: 'KpisWithTotalCount',
});

export const KpiQuery = z.object({
  formatting: z.enum(['mentionsMarkup', 'plainText']).optional().meta({
    description: '`plainText` returns the description without markdown and mention markup',
  }),
});

// Snapshots

export const CreateSnapshotRequest = z
  .object({
    group: PeriodKey.meta({
      description: 'The period: 2022-09-05, 2022-W36, 2022-09, 2022-Q3 or 2022',
    }),
    timeZone: TimeZoneParam.default('UTC'),
    value: KpiValue,
  })
  .meta({ id: 'KpiSnapshotRequest' });
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequest>;

/** Extension: many values at once (a CSV import), all recorded or none. */
export const MAX_IMPORT_ROWS = 5000;
export const ImportSnapshotsRequest = z
  .object({
    timeZone: TimeZoneParam.default('UTC'),
    rows: z
      .array(z.object({ group: PeriodKey, value: KpiValue }))
      .min(1, 'needs at least one row')
      .max(MAX_IMPORT_ROWS, `may have at most ${MAX_IMPORT_ROWS} rows`),
  })
  .meta({ id: 'ImportKpiSnapshotsRequest' });
export const ImportSnapshotsResponse = z.object({ imported: z.number().int() }).meta({
  id: 'ImportKpiSnapshotsResponse',
});

export const Snapshot = z
  .object({
    id: Id,
    accountId: Id,
    kpiId: Id,
    group: z.string().meta({ description: 'The period key the value was recorded for' }),
    timeZone: z.string(),
    date: Instant.meta({ description: 'The instant at which the period begins in its time zone' }),
    value: z.number(),
    createdById: Id,
    createdByName: z.string().nullable(),
    dateCreated: Instant,
  })
  .meta({ id: 'KpiSnapshot' });
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotHistory = listResponse(Snapshot).meta({ id: 'KpiSnapshotHistory' });

export const SnapshotGroup = z
  .object({
    group: z.string().meta({ example: '2022-W36' }),
    value: z.number(),
    count: z.number().int().meta({ description: 'Snapshots in the period' }),
    start: Instant.meta({ description: 'When the period begins' }),
    end: Instant.meta({ description: 'When the next period begins' }),
  })
  .meta({ id: 'KpiSnapshotGroup' });
export type SnapshotGroup = z.infer<typeof SnapshotGroup>;

export const SnapshotGroupsByKpi = z
  .record(z.string(), z.array(SnapshotGroup))
  .meta({ id: 'KpiSnapshotGroupsByKpi', description: 'Periods in time order, keyed by KPI id' });
export type SnapshotGroupsByKpi = z.infer<typeof SnapshotGroupsByKpi>;

const BooleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const SnapshotReadQuery = z.object({
  ids: z.string().optional().meta({ description: 'Comma-separated KPI ids' }),
  groupIds: z.string().optional().meta({ description: 'Comma-separated KPI group ids' }),
  ungrouped: BooleanParam.optional(),
  mykpis: BooleanParam.optional(),
  timeZone: TimeZoneParam.default('UTC'),
  groupBy: z.enum(GRANULARITIES).default('day'),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
});

export const StatisticsQuery = z.object({
  type: z.enum(STATISTICS_TYPES),
  timeZone: TimeZoneParam.default('UTC'),
});

const StatisticsValue = z.object({
  value: z.number().nullable(),
  deltaPercentage: z.number().nullable(),
  label: z.string(),
  start: Instant.nullable(),
  end: Instant.nullable(),
  count: z.number().int(),
});

export const KpiStatistics = z
  .object({
    currentPeriod: StatisticsValue,
    previousPeriod: StatisticsValue.nullable(),
    nextProjection: z
      .object({ value: z.number(), deltaPercentage: z.number().nullable(), date: z.string() })
      .nullable(),
  })
  .meta({ id: 'KpiStatisticsDto' });
export type KpiStatistics = z.infer<typeof KpiStatistics>;

// Projections

/** Like period keys, projections stay within the years 1970 to 9998. */
const ProjectionDate = CalendarDate.refine(
  (s) => Number(s.slice(0, 4)) <= 9998,
  'must be in a year from 1970 to 9998',
);

export const CreateProjectionRequest = z
  .object({ date: ProjectionDate, value: KpiValue })
  .meta({ id: 'CreateKpiProjectionRequest' });
export const UpdateProjectionRequest = z
  .object({ date: ProjectionDate.optional(), value: KpiValue.optional() })
  .meta({ id: 'PatchKpiProjectionRequest' });

export const ProjectionList = itemsResponse(Projection).meta({ id: 'KpiProjectionsResponse' });

// Virtual groups

export const VIRTUAL_GROUPS = ['mykpis', 'ungrouped'] as const;
export type VirtualGroup = (typeof VIRTUAL_GROUPS)[number];
export const VirtualGroupFavoriteRequest = z
  .object({ virtualGroup: z.enum(VIRTUAL_GROUPS), favorite: z.boolean() })
  .meta({ id: 'VirtualGroupFavoriteRequest' });
export const VirtualGroupFavorites = z
  .object({
    items: z.array(z.object({ virtualGroup: z.enum(VIRTUAL_GROUPS), favorite: z.boolean() })),
  })
  .meta({ id: 'VirtualGroupFavorites' });
export type VirtualGroupFavorites = z.infer<typeof VirtualGroupFavorites>;
