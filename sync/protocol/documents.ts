// Documents a till pushes, and the push request and answer.
//
// The envelope (id, type, terminalId, storeId, sequence, createdAt) is checked
// for the whole request: a malformed envelope is a client bug and the request
// is refused with 400 `invalid_body`, nothing stored. The body is checked per
// document: a body that does not match its type's schema is rejected with
// `invalid` for that document alone, so one bad document never blocks the
// outbox behind it.
import { z } from 'zod';
import type { ClaimedSale, Sale } from '../../domain';
import {
  currencyCodeSchema,
  idSchema,
  LIMITS,
  minorNumberSchema,
  saleSchema,
  tenderSchema,
  textSchema,
} from './domain-schemas';
import { pushRejectionCodeSchema } from './errors';

export const DOCUMENT_TYPES = ['sale', 'refund', 'cash_movement', 'shift_close'] as const;
export const documentTypeSchema = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof documentTypeSchema>;

/** Most documents in one push. */
export const MAX_PUSH_DOCUMENTS = 500;

const id = idSchema;
const text = textSchema;
const isoDateTime = z.iso.datetime({ offset: true });

/** A document as it travels: the envelope with its body still unchecked. */
export const documentEnvelopeSchema = z.strictObject({
  /** Client-generated UUIDv7; unique for ever at head office. */
  id: z.uuid({ version: 'v7' }),
  type: documentTypeSchema,
  terminalId: id,
  storeId: id,
  /**
   * Per-terminal gapless DOCUMENT sequence over every type, starting at 1.
   * Unique per terminal at head office. Not a sale's receipt sequence (body.sequence).
   */
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** ISO-8601 with offset, the till's clock. Its date part is the trading day. */
  createdAt: isoDateTime,
  body: z.unknown(),
});
export type DocumentEnvelope = z.infer<typeof documentEnvelopeSchema>;

/** One line given back on a refund; quantity in the sale line's unit (count or grams). */
export const refundLineSchema = z.strictObject({
  lineId: id,
  productId: id,
  quantity: z.number().int().min(1).max(1_000_000_000),
  /** What the customer gets back for this line, minor units (>= 0). */
  amountMinor: minorNumberSchema.min(0),
  /** Tax contained in amountMinor, minor units. */
  taxMinor: minorNumberSchema.min(0),
  /** True when the goods go back on the shelf (stock is put back at head office). */
  restock: z.boolean(),
});

export const refundSchema = z.strictObject({
  id: z.uuid({ version: 'v7' }),
  /** Sale being refunded; null for a refund without receipt. */
  originalSaleId: z.uuid({ version: 'v7' }).nullable(),
  receiptNumber: text.min(1),
  storeId: id,
  terminalId: id,
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  cashierId: id,
  createdAt: isoDateTime,
  currency: currencyCodeSchema,
  lines: z.array(refundLineSchema).min(1).max(LIMITS.lines),
  /** Sum of the lines' amountMinor, minor units. */
  totalMinor: minorNumberSchema.min(0),
  /** Sum of the lines' taxMinor, minor units. */
  taxMinor: minorNumberSchema.min(0),
  /** How the money went back; amounts sum to totalMinor. */
  tenders: z.array(tenderSchema).max(LIMITS.tenders),
  reason: text,
});
export type Refund = z.infer<typeof refundSchema>;

export const CASH_MOVEMENT_KINDS = ['float', 'paid_in', 'paid_out', 'drop', 'no_sale'] as const;
export const cashMovementSchema = z.strictObject({
  id: z.uuid({ version: 'v7' }),
  /** float: opening cash; paid_in/paid_out: cash in/out with a reason; drop: cash to the safe; no_sale: drawer opened, amount 0. */
  kind: z.enum(CASH_MOVEMENT_KINDS),
  shiftId: id,
  cashierId: id,
  createdAt: isoDateTime,
  currency: currencyCodeSchema,
  /** Minor units, >= 0; the kind says the direction. */
  amountMinor: minorNumberSchema.min(0),
  reason: text,
});
export type CashMovement = z.infer<typeof cashMovementSchema>;

export const shiftCloseSchema = z.strictObject({
  shiftId: id,
  openedAt: isoDateTime,
  closedAt: isoDateTime,
  openedBy: id,
  closedBy: id,
  currency: currencyCodeSchema,
  /** Float + cash sales − cash refunds + paid-in − paid-out − drops, minor units. */
  expectedCashMinor: minorNumberSchema,
  /** What the manager counted, minor units. */
  countedCashMinor: minorNumberSchema,
  /** counted − expected, minor units (negative = short). */
  varianceMinor: minorNumberSchema,
  salesCount: z.number().int().min(0),
  salesTotalMinor: minorNumberSchema,
  refundsCount: z.number().int().min(0),
  refundsTotalMinor: minorNumberSchema,
});
export type ShiftClose = z.infer<typeof shiftCloseSchema>;

/** Body schema of each document type. */
export const DOCUMENT_BODY_SCHEMAS = {
  sale: saleSchema,
  refund: refundSchema,
  cash_movement: cashMovementSchema,
  shift_close: shiftCloseSchema,
} as const;

/** A document whose body has been checked against its type. */
export type SyncDocument =
  | (Omit<DocumentEnvelope, 'type' | 'body'> & { type: 'sale'; body: Sale })
  | (Omit<DocumentEnvelope, 'type' | 'body'> & { type: 'refund'; body: Refund })
  | (Omit<DocumentEnvelope, 'type' | 'body'> & { type: 'cash_movement'; body: CashMovement })
  | (Omit<DocumentEnvelope, 'type' | 'body'> & { type: 'shift_close'; body: ShiftClose });

/**
 * Check a document's body against its type, and that the body agrees with the
 * envelope (a sale's or refund's own id, terminal and store must be the
 * envelope's). Returns the typed document, or a reason fit for the till's
 * rejected list.
 *
 * The body's `sequence` is NOT compared with the envelope's: they are two
 * counters. The envelope's is the terminal's document (outbox) sequence over
 * every document type; a sale's `sequence` is its receipt sequence, which
 * counts sales only (refunds number their own receipts). They agree only while
 * a till has sent nothing but sales: the first refund or cash movement puts
 * them apart for good.
 */
export function parseDocumentBody(
  envelope: DocumentEnvelope,
): { ok: true; document: SyncDocument } | { ok: false; reason: string } {
  const checked = checkBody<unknown>(envelope, DOCUMENT_BODY_SCHEMAS[envelope.type]);
  return checked.ok
    ? { ok: true, document: { ...envelope, body: checked.body } as SyncDocument }
    : checked;
}

/**
 * A sale's body with its `totals` left unchecked. Head office checks those by
 * recomputing them (domain checkSaleTotals), and totals equal to the recomputed
 * ones have their shape by construction; only totals that differ need the full
 * saleSchema, to tell `invalid` from `totals_mismatch` (sync/server/push-prepare.ts).
 */
export const claimedSaleSchema = saleSchema.extend({ totals: z.unknown() });

/** A sale document whose body passed claimedSaleSchema. */
export type ClaimedSaleDocument = Omit<DocumentEnvelope, 'type' | 'body'> & {
  type: 'sale';
  body: ClaimedSale;
};

/** parseDocumentBody of a sale with claimedSaleSchema: everything but the totals checked. */
export function parseClaimedSale(
  envelope: DocumentEnvelope & { type: 'sale' },
): { ok: true; document: ClaimedSaleDocument } | { ok: false; reason: string } {
  const checked = checkBody<ClaimedSale>(envelope, claimedSaleSchema);
  return checked.ok
    ? { ok: true, document: { ...envelope, type: 'sale', body: checked.body } }
    : checked;
}

/** A body checked against `schema`, and against its envelope (see parseDocumentBody). */
function checkBody<T>(
  envelope: DocumentEnvelope,
  schema: z.ZodType<T>,
): { ok: true; body: T } | { ok: false; reason: string } {
  const parsed = schema.safeParse(envelope.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue && issue.path.length > 0 ? `body.${issue.path.map(String).join('.')}: ` : 'body: ';
    return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}` };
  }
  const body = parsed.data;
  if (envelope.type === 'sale' || envelope.type === 'refund') {
    const b = body as Pick<Sale | Refund, 'id' | 'terminalId' | 'storeId'>;
    const mismatch = (['id', 'terminalId', 'storeId'] as const).find((k) => b[k] !== envelope[k]);
    if (mismatch !== undefined) {
      return {
        ok: false,
        reason: `body.${mismatch} is ${JSON.stringify(b[mismatch])} but the document says ${JSON.stringify(envelope[mismatch])}`,
      };
    }
  }
  return { ok: true, body };
}

export const pushRequestSchema = z.strictObject({
  documents: z.array(documentEnvelopeSchema).min(1).max(MAX_PUSH_DOCUMENTS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Head office's answer for one document, in request order.
 * accepted: stored now, with its effects. duplicate: stored before with the
 * same content (a retry); nothing changed. rejected: refused for good, see code.
 */
export const pushResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ id: z.string(), status: z.literal('accepted') }),
  z.strictObject({ id: z.string(), status: z.literal('duplicate') }),
  z.strictObject({
    id: z.string(),
    status: z.literal('rejected'),
    code: pushRejectionCodeSchema,
    reason: z.string(),
  }),
]);
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.strictObject({ results: z.array(pushResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;
