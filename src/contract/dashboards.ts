import { z } from 'zod';
import { Id, Instant, Setting, listResponse } from './common.ts';

export const DASHBOARD_TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const DashboardTag = z
  .string()
  .regex(DASHBOARD_TAG_PATTERN, 'must be 1 to 64 lowercase letters, digits, - or _')
  .meta({ example: 'phe6ery4o' });

/** Item kinds this project draws; other kinds from a real account are kept as they are. */
export const ITEM_TYPES = ['kpi-number', 'kpi-chart'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
/** The setting of an item that names its KPIs, as comma-separated ids. */
export const KPI_IDS_SETTING = 'kpiIds';

const GridPlacement = {
  row: z.number().int().min(0).max(10_000),
  col: z.number().int().min(0).max(11),
  sizeX: z.number().int().min(1).max(12),
  sizeY: z.number().int().min(1).max(24),
};

export const DashboardItemInput = z
  .object({
    id: Id.optional(),
    type: z.string().min(1).max(64).default('kpi-number'),
    insightId: z.string().max(200).optional(),
    insightName: z.string().max(200).optional(),
    insightTitle: z.string().max(255).optional(),
    settings: z.array(Setting).max(100).default([]),
    filters: z.array(z.string().max(1_000)).max(100).default([]),
    ...GridPlacement,
  })
  .meta({ id: 'DashboardItemInput' });
export type DashboardItemInput = z.infer<typeof DashboardItemInput>;

export const SaveDashboardItemRequest = DashboardItemInput.extend({ dashboardId: Id }).meta({
  id: 'SaveDashboardItemRequest',
});

export const DashboardItem = z
  .object({
    id: Id,
    dashboardId: Id,
    type: z.string(),
    insightId: z.string(),
    insightName: z.string(),
    insightTitle: z.string(),
    insightRequiredEntities: z.array(z.unknown()),
    insightSource: z.object({ originalVersion: z.string(), sourceApplication: z.string() }),
    insightState: z.object({
      status: z.string(),
      error: z.string(),
      metadata: z.unknown().nullable(),
    }),
    settings: z.array(Setting),
    filters: z.array(z.string()),
    ...GridPlacement,
  })
  .meta({ id: 'DashboardItem' });
export type DashboardItem = z.infer<typeof DashboardItem>;

const HeaderText = z.string().trim().min(1, 'is required').max(255);
const SubHeaderText = z.string().max(1_000);

export const SectionHeaderInput = z
  .object({
    id: Id.optional(),
    header: HeaderText,
    subHeader: SubHeaderText.default(''),
    ...GridPlacement,
  })
  .meta({ id: 'SectionHeaderInput' });
export type SectionHeaderInput = z.infer<typeof SectionHeaderInput>;

/** Section headers may also be sent back in the shape the API answers with. */
const SectionHeaderWire = z.union([
  SectionHeaderInput,
  z
    .object({
      id: Id.optional(),
      sectionHeader: z.object({ header: HeaderText, subHeader: SubHeaderText.default('') }),
      ...GridPlacement,
    })
    .transform((s): SectionHeaderInput => ({
      id: s.id,
      header: s.sectionHeader.header,
      subHeader: s.sectionHeader.subHeader,
      row: s.row,
      col: s.col,
      sizeX: s.sizeX,
      sizeY: s.sizeY,
    })),
]);

export const SectionHeader = z
  .object({
    id: Id,
    accountId: Id,
    dashboardId: Id,
    sectionHeaderId: Id,
    type: z.literal('sectionHeader'),
    sectionHeader: z.object({
      id: Id,
      accountId: Id,
      header: z.string(),
      subHeader: z.string(),
      createdById: Id,
      modifiedById: Id,
      dateCreated: Instant,
      dateUpdated: Instant,
    }),
    ...GridPlacement,
  })
  .meta({ id: 'DashboardSectionHeader' });
export type SectionHeader = z.infer<typeof SectionHeader>;

export const DashboardTagLabel = z
  .object({
    id: Id,
    name: z.string(),
    title: z.string(),
    isActive: z.boolean(),
    createdBy: Id,
    dateCreated: Instant,
    items: z.array(z.unknown()),
  })
  .meta({ id: 'DashboardTagLabel' });

const TagLabelInput = z.object({
  id: z.string().max(64).optional(),
  name: z.string().trim().min(1).max(64),
  title: z.string().trim().max(255).optional(),
  isActive: z
    .union([z.boolean(), z.object({ IsActive: z.boolean() }).transform((v) => v.IsActive)])
    .optional(),
});

/**
 * Settings arrive as a list, or as the one-line form the reference sample shows:
 * `name: "session", value: "602d…", valueDisplayName: "Q2"`.
 */
const SettingsInput = z.union([
  z.array(Setting).max(100),
  z
    .string()
    .max(10_000)
    .transform((text, ctx) => {
      if (text.trim() === '') return [];
      const fields: Record<string, string> = {};
      const pattern = /\s*(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;
      let match: RegExpExecArray | null;
      let consumed = 0;
      while ((match = pattern.exec(text)) !== null && match[0] !== '') {
        fields[match[1]!] = match[2]!.replace(/\\(.)/g, '$1');
        consumed = pattern.lastIndex;
      }
      if (consumed !== text.length || fields.name === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a list of settings or `name: "…", value: "…"`',
        });
        return z.NEVER;
      }
      return [
        { name: fields.name, value: fields.value ?? '', valueDisplayName: fields.valueDisplayName },
      ];
    }),
]);

const DashboardFields = {
  name: z.string().trim().min(1, 'is required').max(255),
  archived: z.boolean().optional(),
  settings: SettingsInput.optional(),
  tag: DashboardTag.optional(),
  tags: z.array(TagLabelInput).max(50).optional(),
  layout: z.string().max(64).optional(),
  insights: z.array(DashboardItemInput).max(200).optional(),
  sectionHeaders: z.array(SectionHeaderWire).max(100).optional(),
};

export const CreateDashboardRequest = z
  .object(DashboardFields)
  .meta({ id: 'CreateDashboardRequest' });
export type CreateDashboardRequest = z.infer<typeof CreateDashboardRequest>;
export const UpdateDashboardRequest = z
  .object(DashboardFields)
  .meta({ id: 'UpdateDashboardRequest' });
export type UpdateDashboardRequest = z.infer<typeof UpdateDashboardRequest>;
export const CloneDashboardRequest = z
  .object({ tag: DashboardTag })
  .meta({ id: 'CloneDashboardRequest' });

export const Dashboard = z
  .object({
    id: Id,
    accountId: Id,
    name: z.string(),
    tag: z.string(),
    tags: z.array(DashboardTagLabel),
    archived: z.boolean(),
    isReport: z.boolean(),
    readOnly: z.boolean(),
    layout: z.string(),
    settings: z.array(Setting),
    parameters: z.array(z.unknown()),
    insights: z.array(DashboardItem),
    insightsCount: z.number().int(),
    sectionHeaders: z.array(SectionHeader),
    sectionHeadersCount: z.number().int(),
    access: z.object({
      inherits: z.boolean(),
      ownerPermissions: z.object({ grant: z.object({ Subtype: z.number() }) }),
      permissions: z.array(
        z.object({
          grant: z.object({ Subtype: z.number() }),
          principalId: z.string(),
          principalKind: z.string(),
        }),
      ),
    }),
    source: z.object({ sourceApplication: z.string(), sourceId: z.string() }).nullable(),
    appsCount: z.number().int(),
    notificationsCount: z.number().int(),
    usersCount: z.number().int(),
    currentUserAllowedActions: z.array(z.string()),
    createdById: Id,
    modifiedById: Id,
    dateCreated: Instant,
    dateUpdated: Instant,
  })
  .meta({ id: 'DashboardResponse' });
export type Dashboard = z.infer<typeof Dashboard>;

/** A board as `fields` may trim it: any field, nested items and headers included, may be left out. */
export const DashboardSelection = Dashboard.partial()
  .extend({
    insights: z.array(DashboardItem.partial()).optional(),
    sectionHeaders: z.array(SectionHeader.partial()).optional(),
  })
  .required({ id: true, accountId: true });

/** Pages of full boards, as answered without `fields`. */
export const DashboardPage = listResponse(Dashboard);

export const DashboardList = listResponse(DashboardSelection).meta({
  id: 'DashboardsResponse',
});

export const ReportList = z
  .array(z.object({ id: Id, name: z.string() }))
  .meta({ id: 'ReportDashboardResponse' });

export const DashboardTagUsages = z
  .object({
    items: z.array(
      z
        .object({
          tagName: z.string(),
          tagTitle: z.string(),
          dashboardsCount: z.number().int(),
          dashboardsIds: z.array(Id),
        })
        // `fields` may leave any of them out.
        .partial(),
    ),
  })
  .meta({ id: 'DashboardsTagsResponse' });
