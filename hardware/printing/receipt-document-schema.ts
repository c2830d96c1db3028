// zod schema of domain/receipt's ReceiptDocument: the TillHost contract carries the
// document as an opaque record, so the print service validates it in depth here before
// encoding anything.
import { z } from 'zod';
import { CURRENCY_CODES, type CurrencyCode } from '../../domain';
import type { ReceiptDocument } from '../../domain/receipt';

const int = z.number().int();
const text = z.string().max(2000);

export const receiptDocumentSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['sale', 'refund', 'x_report', 'z_report']),
  copy: z.boolean(),
  currency: z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]]),
  store: z.object({ name: text, address: text.nullable(), phone: text.nullable() }),
  receiptNumber: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, 'Receipt number must be ASCII'),
  saleId: z.string().max(64),
  createdAt: z.string().max(64),
  localTime: z.string().max(64),
  cashierId: z.string().max(64),
  taxMode: z.enum(['inclusive', 'exclusive']),
  items: z
    .array(
      z.object({
        lineId: z.string().max(64),
        name: text,
        nameEn: text,
        unit: z.enum(['each', 'kg']),
        quantity: int,
        unitPriceMinor: int,
        grossMinor: int,
        discountMinor: int,
        totalMinor: int,
      }),
    )
    .max(2000),
  itemCount: int,
  subtotalMinor: int,
  discountMinor: int,
  taxMinor: int,
  totalMinor: int,
  taxSummary: z
    .array(
      z.object({ name: text, rateBasisPoints: int, netMinor: int, taxMinor: int, grossMinor: int }),
    )
    .max(50),
  tenders: z
    .array(
      z.object({
        kind: z.enum(['cash', 'card']),
        amountMinor: int,
        reference: z.string().max(128).nullable(),
      }),
    )
    .max(50),
  changeMinor: int,
  loyalty: z
    .object({
      memberName: text.nullable(),
      pointsEarned: int,
      pointsRedeemed: int,
      pointsBalance: int,
    })
    .nullable(),
  footer: z.array(text).max(20),
  barcode: z.object({
    symbology: z.literal('CODE128'),
    data: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\x20-\x7e]+$/, 'CODE128 data must be ASCII'),
  }),
  qr: z.string().max(500).nullable(),
}) satisfies z.ZodType<ReceiptDocument>;
