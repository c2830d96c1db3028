// zod schemas of the domain shapes that cross the wire (Sale and what it is
// made of, Product, TaxRate). They mirror domain/ exactly; the type checks at
// the bottom fail the build if the two drift apart. Objects are strict: a field
// this version does not know is `invalid`, never silently dropped, because a
// pushed document is stored as evidence of what the till did.
import { z } from 'zod';
import {
  CURRENCY_CODES,
  MAX_MINOR,
  ROUNDING_MODES,
  type Cart,
  type CartLine,
  type CartTotals,
  type CurrencyCode,
  type Discount,
  type Minor,
  type Product,
  type RoundingMode,
  type Sale,
  type TaxRate,
  type Tender,
} from '../../domain';

/** Upper bounds that keep one document small; a real receipt is far below them. */
export const LIMITS = {
  /** Characters in names, skus, references. */
  text: 200,
  /** Characters in ids. */
  id: 64,
  /** Lines on one cart. */
  lines: 1000,
  /** Tenders on one sale. */
  tenders: 50,
  /** Tax rates in one sale's settings. */
  taxRates: 100,
  /** Barcodes or search keys of one product. */
  keys: 50,
} as const;

/**
 * Refuses U+0000 (NUL) in a string head office keeps as a column or key:
 * PostgreSQL's `text` cannot hold it (error 22021), so a sale whose product id
 * had one was stored on SQLite and answered 500 on PostgreSQL — retried for
 * ever, holding back the documents behind it. Both engines now refuse it alike,
 * as bad input. Names inside a document need no check: a document is stored as
 * its JSON text, where NUL is the escape `\u0000`. (Checking every text of a
 * sale cost ~1.5 µs a sale in validation, ids alone ~0.6.)
 */
export function withoutNul<T extends z.ZodString>(schema: T): T {
  return schema.refine((v) => !v.includes('\u0000'), 'Must not contain the character U+0000 (NUL)');
}

/** Names, skus, references: at most LIMITS.text characters. */
export const textSchema = z.string().max(LIMITS.text);
/** Ids: 1 to LIMITS.id characters, no NUL. */
export const idSchema = withoutNul(z.string().min(1).max(LIMITS.id));
const text = textSchema;
const id = idSchema;

/** A whole number of minor units within the domain's range (|x| <= 2^51). */
export const minorSchema = z.custom<Minor>(
  (v) => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= MAX_MINOR,
  { message: `Expected a whole number of minor units with magnitude at most 2^51` },
);
/** A plain number of minor units (domain fields typed `number`). */
export const minorNumberSchema = z.number().int().min(-MAX_MINOR).max(MAX_MINOR);

export const currencyCodeSchema = z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]]);
export const roundingModeSchema = z.enum(ROUNDING_MODES as [RoundingMode, ...RoundingMode[]]);
export const taxModeSchema = z.enum(['inclusive', 'exclusive']);
export const taxRoundingSchema = z.enum(['per_line', 'per_receipt']);
export const saleUnitSchema = z.enum(['each', 'kg']);

export const taxRateSchema = z.strictObject({
  id,
  name: text,
  /** Hundredths of a percent: 1300 = 13 %. */
  rateBasisPoints: z.number().int().min(0).max(100_000),
});

export const discountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) }),
  z.strictObject({ kind: z.literal('amount'), minor: minorNumberSchema.min(0) }),
]);

export const cartLineSchema = z.strictObject({
  lineId: id,
  productId: id,
  sku: text,
  name: text,
  nameEn: text,
  barcode: text.nullable(),
  unit: saleUnitSchema,
  /** 'each': count; 'kg': grams. */
  quantity: z.number().int().min(1).max(1_000_000_000),
  unitPriceMinor: minorNumberSchema,
  taxRateId: id,
  discount: discountSchema.nullable(),
  voided: z.boolean(),
});

export const cartSchema = z.strictObject({
  currency: currencyCodeSchema,
  lines: z.array(cartLineSchema).max(LIMITS.lines),
  orderDiscount: discountSchema.nullable(),
});

export const lineTotalsSchema = z.strictObject({
  lineId: id,
  gross: minorSchema,
  lineDiscount: minorSchema,
  orderDiscount: minorSchema,
  total: minorSchema,
  tax: minorSchema,
  net: minorSchema,
});

export const taxSummaryRowSchema = z.strictObject({
  taxRateId: id,
  rateBasisPoints: z.number().int().min(0).max(100_000),
  net: minorSchema,
  tax: minorSchema,
  gross: minorSchema,
});

export const cartTotalsSchema = z.strictObject({
  currency: currencyCodeSchema,
  lines: z.array(lineTotalsSchema).max(LIMITS.lines),
  subtotal: minorSchema,
  discountTotal: minorSchema,
  taxTotal: minorSchema,
  total: minorSchema,
  taxSummary: z.array(taxSummaryRowSchema).max(LIMITS.taxRates),
  itemCount: z.number().int().min(0),
});

export const tenderSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cash'), amountMinor: minorNumberSchema }),
  z.strictObject({ kind: z.literal('card'), amountMinor: minorNumberSchema, reference: text }),
]);

export const saleSettingsSchema = z.strictObject({
  taxMode: taxModeSchema,
  taxRounding: taxRoundingSchema,
  roundingMode: roundingModeSchema,
  taxRates: z.array(taxRateSchema).max(LIMITS.taxRates),
});

/** The domain Sale, as pushed in a 'sale' document's body. */
export const saleSchema = z.strictObject({
  id: z.uuid({ version: 'v7' }),
  receiptNumber: text.min(1),
  storeId: id,
  terminalId: id,
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  cashierId: id,
  createdAt: z.iso.datetime({ offset: true }),
  currency: currencyCodeSchema,
  cart: cartSchema,
  settings: saleSettingsSchema,
  totals: cartTotalsSchema,
  tenders: z.array(tenderSchema).max(LIMITS.tenders),
  changeMinor: minorSchema,
  /** The loyalty member (customer id), absent or null for none. */
  customerId: id.nullable().optional(),
});

/** A catalogue product as pulled by the till (collection `products`). */
export const productSchema = z.strictObject({
  id,
  sku: text.min(1),
  barcodes: z.array(text.min(1)).max(LIMITS.keys),
  name: text.min(1),
  nameEn: text,
  /** Minor units per item, or per kilogram for 'kg'. */
  priceMinor: minorNumberSchema.min(0),
  currency: currencyCodeSchema,
  taxRateId: id,
  unit: saleUnitSchema,
  searchKeys: z.array(text).max(LIMITS.keys),
});

// Compile-time checks: each schema's output and the domain type are mutually assignable.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsDomain: [
  Same<z.output<typeof saleSchema>, Sale>,
  Same<z.output<typeof cartSchema>, Cart>,
  Same<z.output<typeof cartLineSchema>, CartLine>,
  Same<z.output<typeof cartTotalsSchema>, CartTotals>,
  Same<z.output<typeof discountSchema>, Discount>,
  Same<z.output<typeof tenderSchema>, Tender>,
  Same<z.output<typeof taxRateSchema>, TaxRate>,
  Same<z.output<typeof productSchema>, Product>,
] = [true, true, true, true, true, true, true, true];
void sameAsDomain;
