// Completing a sale is ONE IndexedDB transaction (durability 'strict' through the
// TillDb connection): receipt sequence, sale, outbox entry, stock decrements, the loyalty
// ledger entry of a member's sale, print job, audit entry and removal of the parked sale
// it was resumed from commit together or not at all. Nothing inside awaits anything but IndexedDB requests (the audit hash is a
// synchronous SHA-256), because IndexedDB commits a transaction as soon as its callback
// awaits a foreign promise.
import { buildSale, type Cart, type PricingSettings, type Sale, type Tender } from '../../domain';
import type { ReceiptLoyalty } from '../../domain/receipt';
import { chainAuditEntry } from './audit';
import { earnEntry, receiptLoyaltyOfEntry } from './loyalty-ledger';
import { memberBalance } from './members';
import type {
  AttachedMember,
  OutboxEntry,
  PrintJob,
  StockRow,
  TerminalIdentity,
  TillDb,
} from './schema';
import { terminalIdentitySchema } from './terminal-identity';

export type SaleFaultPoint = 'after-sale' | 'after-outbox' | 'after-stock' | 'after-audit';

export interface CompleteSaleDeps {
  /** ISO-8601 timestamp. */
  now(): string;
  /** A UUIDv7 (uuid v7). Used for the sale/outbox document id and the print job id. */
  newId(): string;
  /** Tests only: throw inside the transaction after the named step has been written. */
  faultAt?: SaleFaultPoint;
}

export interface CompleteSaleInput {
  cashierId: string;
  cart: Cart;
  settings: PricingSettings;
  tenders: Tender[];
  /** The parked sale this cart was resumed from; deleted in the same transaction. */
  parkedSaleId?: string | null;
  /**
   * The loyalty member the sale is for: the sale carries their customerId, and the
   * ledger gets the points it earns on top of the balance last pulled (read in the
   * transaction, so a pull landing before the commit is counted).
   */
  member?: Pick<AttachedMember, 'customerId' | 'name'> | null;
}

export interface CompletedSale {
  sale: Sale;
  outbox: OutboxEntry<Sale>;
  printJob: PrintJob;
  /** The receipt's loyalty block; null for a sale without a member. */
  loyalty: ReceiptLoyalty | null;
}

/** What the cashier is told while the till has no identity to number receipts with. */
export const NOT_ENROLLED_MESSAGE =
  'This till is not enrolled with head office yet — type the enrolment code from head office under the sync line';

/**
 * The till has no terminal identity (meta 'terminal'): a till configured with a head
 * office gets it only from enrolment, and must not sell before. Nothing is written.
 */
export class TillNotEnrolledError extends Error {
  override name = 'TillNotEnrolledError';
  constructor() {
    super(NOT_ENROLLED_MESSAGE);
  }
}

/** Thrown by the test fault hook. */
export class InjectedFault extends Error {
  constructor(readonly point: SaleFaultPoint) {
    super(`Injected fault ${point}`);
    this.name = 'InjectedFault';
  }
}

const SALE_TABLES = [
  'meta',
  'sales',
  'outbox',
  'stock',
  'printJobs',
  'audit',
  'parkedSales',
  'loyaltyBalances',
  'loyaltyLedger',
];

/**
 * Commit a sale atomically. Throws (and writes nothing, consumes no receipt number)
 * when the till has no identity (TillNotEnrolledError), the cart is empty, tenders do
 * not cover it (domain SaleError), or storage fails.
 *
 * The sale is stamped with the identity in meta 'terminal', read INSIDE the sale
 * transaction: enrolment writes that record (with the token, in one transaction, from
 * the sync worker's connection), so a sale is numbered either wholly before or wholly
 * after enrolment, never with an identity head office has already replaced.
 */
export async function completeSale(
  db: TillDb,
  input: CompleteSaleInput,
  deps: CompleteSaleDeps,
): Promise<CompletedSale> {
  const createdAt = deps.now();
  const saleId = deps.newId();
  const printJobId = deps.newId();

  return db.transaction('rw', SALE_TABLES, async () => {
    // Reads first, issued together (each awaited read is a round trip).
    const stockDeltas = stockDeltasOf(input.cart);
    const productIds = [...stockDeltas.keys()];
    const member = input.member ?? null;
    const [terminalRow, receiptRow, outboxRow, auditHeadEntry, stockRows, balanceRow] =
      await Promise.all([
        db.meta.get('terminal'),
        db.meta.get('receiptSequence'),
        db.meta.get('outboxSequence'),
        db.audit.orderBy('seq').last(),
        db.stock.bulkGet(productIds),
        member ? memberBalance(db, member.customerId) : undefined,
      ]);
    const terminal = asIdentity(terminalRow?.value);
    const sequence = asCounter(receiptRow?.value, 'receipt sequence') + 1;
    const outboxSequence = asCounter(outboxRow?.value, 'outbox sequence') + 1;

    // Domain rules (totals, tender check) — throws SaleError before anything is written.
    const sale = buildSale({
      id: saleId,
      storeId: terminal.storeId,
      terminalId: terminal.terminalId,
      storeCode: terminal.storeCode,
      terminalCode: terminal.terminalCode,
      sequence,
      cashierId: input.cashierId,
      createdAt,
      cart: input.cart,
      settings: input.settings,
      tenders: input.tenders,
      customerId: member?.customerId ?? null,
    });

    const pending: Promise<unknown>[] = [];
    const checkpoint = async (point: SaleFaultPoint): Promise<void> => {
      if (deps.faultAt !== point) return;
      await Promise.all(pending); // the step really is written before the fault
      throw new InjectedFault(point);
    };

    pending.push(db.sales.add(sale), db.meta.put({ key: 'receiptSequence', value: sequence }));
    await checkpoint('after-sale');

    const outbox: OutboxEntry<Sale> = {
      id: sale.id,
      terminalId: sale.terminalId,
      sequence: outboxSequence,
      type: 'sale',
      body: sale,
      state: 'pending',
      attempts: 0,
      lastError: null,
      rejectedReason: null,
      createdAt,
      doneAt: null,
    };
    pending.push(
      db.outbox.add(outbox),
      db.meta.put({ key: 'outboxSequence', value: outboxSequence }),
    );
    await checkpoint('after-outbox');

    const newStock: StockRow[] = productIds.map((productId, i) => {
      const row = stockRows[i];
      const delta = stockDeltas.get(productId) ?? 0;
      return row
        ? { ...row, quantity: row.quantity + delta }
        : { productId, quantity: delta, pulledAt: null };
    });
    pending.push(db.stock.bulkPut(newStock));
    const ledger = member
      ? earnEntry(sale, member, balanceRow ?? { pointsBalance: 0, pulledAt: null })
      : null;
    if (ledger) {
      pending.push(db.loyaltyLedger.add(ledger));
      // The balance shown counts this sale until head office's own figure comes back
      // with it (members.ts memberBalance).
      pending.push(
        db.loyaltyBalances.put({
          customerId: ledger.customerId,
          pointsBalance: ledger.balanceAfter,
          pulledAt: ledger.pulledAt,
        }),
      );
    }
    await checkpoint('after-stock');

    const printJob: PrintJob = {
      id: printJobId,
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      state: 'queued',
      copy: false,
      createdAt,
      attempts: 0,
      lastError: null,
      printedAt: null,
    };
    pending.push(db.printJobs.add(printJob));

    const audit = chainAuditEntry(
      auditHeadEntry ? { seq: auditHeadEntry.seq, hash: auditHeadEntry.hash } : null,
      {
        type: 'sale.completed',
        actorId: input.cashierId,
        refId: sale.id,
        data: {
          receiptNumber: sale.receiptNumber,
          totalMinor: sale.totals.total,
          currency: sale.currency,
          tenders: sale.tenders.map((t) => ({ kind: t.kind, amountMinor: t.amountMinor })),
        },
      },
      createdAt,
    );
    pending.push(
      db.audit.add(audit),
      db.meta.put({ key: 'auditHead', value: { seq: audit.seq, hash: audit.hash } }),
    );
    await checkpoint('after-audit');

    if (input.parkedSaleId) pending.push(db.parkedSales.delete(input.parkedSaleId));

    await Promise.all(pending);
    return { sale, outbox, printJob, loyalty: ledger ? receiptLoyaltyOfEntry(ledger) : null };
  });
}

/**
 * Stock movement per product for the unvoided lines: −count for 'each', −GRAMS for
 * 'kg' (the line quantity is already in grams for weighed items).
 */
export function stockDeltasOf(cart: Cart): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const line of cart.lines) {
    if (line.voided) continue;
    deltas.set(line.productId, (deltas.get(line.productId) ?? 0) - line.quantity);
  }
  return deltas;
}

/** The stored identity; none → not enrolled; a damaged one stops the sale. */
function asIdentity(value: unknown): TerminalIdentity {
  if (value === undefined) throw new TillNotEnrolledError();
  const parsed = terminalIdentitySchema.safeParse(value);
  if (!parsed.success) {
    throw new Error("The till's identity record is damaged — enrol it again or call support");
  }
  return parsed.data;
}

/** A stored counter (0 when never written). A corrupt one stops the sale rather than reuse numbers. */
function asCounter(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new Error(`The ${name} in the local database is damaged (${String(value)}); call support`);
}
