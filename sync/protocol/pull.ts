// Pull: per collection, the changes after a checkpoint, in pages. The
// checkpoint is a server-assigned, monotonically increasing change sequence;
// a delete travels as a tombstone (`deleted: true`, `value: null`). The till
// applies a page and its new checkpoint in one transaction, then asks again
// while `more` is true.
import { z } from 'zod';
import {
  currencyCodeSchema,
  idSchema,
  minorNumberSchema,
  productSchema,
  taxRateSchema,
  textSchema,
} from './domain-schemas';

export const PULL_COLLECTIONS = [
  'products',
  'prices',
  'taxRates',
  'stock',
  'users',
  'customers',
  'loyalty',
] as const;
export const pullCollectionSchema = z.enum(PULL_COLLECTIONS);
export type PullCollection = z.infer<typeof pullCollectionSchema>;

/** Page size when the till does not ask for one, and the most it may ask for. */
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 5000;

/** Query string of `GET /api/v1/pull/{collection}`; values arrive as text. */
export const pullQuerySchema = z.strictObject({
  /** Checkpoint from the previous page; absent (or 0) = from the start. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullParamsSchema = z.strictObject({ collection: pullCollectionSchema });

/** Price of one product (key = productId); also carried on the product itself. */
export const priceSchema = z.strictObject({
  productId: idSchema,
  priceMinor: minorNumberSchema.min(0),
  currency: currencyCodeSchema,
});

/** Head office's stock of one product in the terminal's store (key = productId). */
export const stockSchema = z.strictObject({
  productId: idSchema,
  /** Count for 'each' products, grams for 'kg' products; may go below zero when sales outrun deliveries. */
  quantity: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
});

export const userSchema = z.strictObject({
  id: idSchema,
  name: textSchema,
  role: z.enum(['cashier', 'manager']),
  active: z.boolean(),
});

export const customerSchema = z.strictObject({
  id: idSchema,
  name: textSchema,
  phone: textSchema.nullable(),
  memberNo: textSchema,
});

/** A customer's points balance at head office (key = customerId), from its ledger. */
export const loyaltyBalanceSchema = z.strictObject({
  customerId: idSchema,
  pointsBalance: z.number().int(),
});

/** Value schema per collection, for the till to check what it applies. */
export const PULL_VALUE_SCHEMAS = {
  products: productSchema,
  prices: priceSchema,
  taxRates: taxRateSchema,
  stock: stockSchema,
  users: userSchema,
  customers: customerSchema,
  loyalty: loyaltyBalanceSchema,
} as const;

/** One change. `seq` is unique and increasing across the collection; tombstones have value null. */
export const pullChangeSchema = z.object({
  key: z.string(),
  seq: z.number().int().min(1),
  deleted: z.boolean(),
  value: z.unknown(),
});
export type PullChangeWire = z.infer<typeof pullChangeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  /** Resume after this: the last change's seq, or the request's `after` when the page is empty. */
  checkpoint: z.number().int().min(0),
  /** More changes wait after this page; ask again at once. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
