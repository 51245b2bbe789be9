import { z } from '@hono/zod-openapi';
import type { Model } from 'mongoose';
import { invalid } from './errors';

/**
 * Every list answers one shape: `{ data, hasMore, nextCursor }`. A page holds at most `limit` items (200 at
 * most); when `hasMore` is true, the same request with `startingAfter=<nextCursor>` answers the next page, so
 * nothing is ever silently cut off. The cursor is opaque (the last item's sort key and id): items added
 * meanwhile never shift a page.
 */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Items per page (1–200)' }),
  startingAfter: z.string().max(400).optional().openapi({ description: "The previous page's `nextCursor`: answers the items after it" }),
});

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      hasMore: z.boolean().openapi({ description: 'More items follow: ask again with startingAfter=nextCursor' }),
      nextCursor: z.string().nullable().openapi({ description: 'Pass as startingAfter for the next page; null on the last' }),
    })
    .openapi(name);

type SortValue = number | string | Date;
type Cursor = [kind: 'd' | 'n' | 's', value: string | number, id: string];

const encode = (value: SortValue, id: string) => {
  const cursor: Cursor =
    value instanceof Date ? ['d', value.toISOString(), id] : typeof value === 'number' ? ['n', value, id] : ['s', value, id];
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
};

function decode(raw: string): { value: SortValue; id: string } {
  try {
    const [kind, value, id] = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Cursor;
    if (typeof id !== 'string') throw new Error('no id');
    if (kind === 'd' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return { value: new Date(value), id };
    if (kind === 'n' && typeof value === 'number') return { value, id };
    if (kind === 's' && typeof value === 'string') return { value, id };
  } catch {
    // answered below
  }
  throw invalid([{ field: 'startingAfter', message: 'not a cursor this list gave (use nextCursor as it was answered)' }]);
}

/**
 * One page of `model`'s documents matching `filter`, ordered by `sortField` then `_id` (newest first unless
 * `order` is 'asc'), after the cursor when one is given.
 */
export async function listPage<Doc extends { _id: unknown }>(
  // biome-ignore lint/suspicious/noExplicitAny: any collection; the caller names its document type
  model: Model<any>,
  filter: Record<string, unknown>,
  {
    sortField,
    limit,
    startingAfter,
    order = 'desc',
    projection,
  }: {
    sortField: string;
    limit: number;
    startingAfter?: string;
    order?: 'asc' | 'desc';
    projection?: Record<string, 0 | 1>;
  },
): Promise<{ docs: Doc[]; hasMore: boolean; nextCursor: string | null }> {
  const direction = order === 'desc' ? -1 : 1;
  const after = order === 'desc' ? '$lt' : '$gt';
  const clauses: Record<string, unknown>[] = [filter];
  if (startingAfter) {
    const { value, id } = decode(startingAfter);
    clauses.push({ $or: [{ [sortField]: { [after]: value } }, { [sortField]: value, _id: { [after]: id } }] });
  }
  const docs = await model
    .find(clauses.length > 1 ? { $and: clauses } : filter, projection)
    .sort({ [sortField]: direction, _id: direction })
    .limit(limit + 1)
    .lean<Doc[]>();
  const hasMore = docs.length > limit;
  const page = hasMore ? docs.slice(0, limit) : docs;
  const last = page[page.length - 1] as (Doc & Record<string, SortValue>) | undefined;
  return { docs: page, hasMore, nextCursor: hasMore && last ? encode(last[sortField], String(last._id)) : null };
}
