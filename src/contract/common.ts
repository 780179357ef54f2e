import { z } from 'zod';

/** Ids are 24 lowercase hex characters, like the samples of the reference pages. */
export const ID_PATTERN = /^[0-9a-f]{24}$/;
export const Id = z.string().regex(ID_PATTERN, 'must be 24 lowercase hex characters').meta({
  example: '5e8c27e3dcdddaa4addbdee8',
});
export type Id = z.infer<typeof Id>;

/** RFC 3339 instant in UTC with milliseconds. */
export const Instant = z.string().meta({ example: '2022-09-05T10:15:30.000Z' });

export const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const ProblemFieldError = z.object({
  path: z.string().meta({
    description: 'Where the problem is: `body.name`, `query.take`, `header.gtmhub-accountId`',
  }),
  message: z.string(),
});

/** RFC 9457 problem details: the body of every error answer. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(ProblemFieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** `{ items, count, totalCount }`: the answer of the list endpoints. */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    count: z.number().int().meta({ description: 'Items in this page' }),
    totalCount: z.number().int().meta({ description: 'All matches' }),
  });
}

/** `{ items, totalCount }`: lists that are not paged. */
export function itemsResponse<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), totalCount: z.number().int() });
}

/** A name/value setting, as dashboards and insight links carry them. */
export const Setting = z
  .object({
    name: z.string().max(200),
    value: z.string().max(10_000).default(''),
    valueDisplayName: z.string().max(1_000).optional(),
    valueDisplayNameAsArray: z.array(z.string().max(1_000)).max(100).optional(),
    dynamicValues: z
      .array(
        z.object({ teamId: z.string().max(100).optional(), type: z.string().max(100).optional() }),
      )
      .max(100)
      .optional(),
  })
  .meta({ id: 'Setting' });
export type Setting = z.infer<typeof Setting>;

/** Query parameters shared by the list endpoints. */
export const ListQueryParams = z.object({
  filter: z.string().optional().meta({
    description:
      'MongoDB-style filter, e.g. `{name:{$regex:"Sales"}}`. Operators: $eq $ne $in $nin $gt $gte $lt $lte $regex $exists $and $or.',
  }),
  sort: z
    .string()
    .optional()
    .meta({ description: 'Comma-separated fields, `-` for descending: `-dateCreated,name`' }),
  fields: z.string().optional().meta({
    description: 'Comma-separated fields to return; `id` and `accountId` always come back',
  }),
  projection: z.string().optional().meta({ description: 'Alias of `fields`' }),
  skip: z.string().optional().meta({ description: 'Items to skip (default 0)' }),
  take: z.string().optional().meta({ description: 'Page size (default 100, at most 1000)' }),
  limit: z.string().optional().meta({ description: 'Alias of `take`' }),
});
