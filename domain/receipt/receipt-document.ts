// The receipt as a structured document: built once from a sale, then laid out to 32 or
// 48 columns (receipt-layout.ts) and rendered to ESC/POS bytes (hardware/printing) and to
// HTML for the on-screen preview (receipt-html.ts). Plain JSON data, so it can travel
// over the TillHost contract. Amounts are minor units of `currency`.
import type { CurrencyCode } from '../currency';
import { GRAMS_PER_KG } from '../product';
import type { Sale } from '../sale';

export const RECEIPT_DOCUMENT_VERSION = 1;

export type ReceiptKind = 'sale' | 'refund' | 'x_report' | 'z_report';

export interface ReceiptStore {
  name: string;
  address?: string | null;
  phone?: string | null;
  /** Free text for the bottom of the receipt; newlines are kept. */
  footer?: string | null;
}

export interface ReceiptItem {
  lineId: string;
  /** Printed name (Chinese first); `nameEn` is kept for a second line where wanted. */
  name: string;
  nameEn: string;
  unit: 'each' | 'kg';
  /** Count for 'each'; GRAMS for 'kg'. */
  quantity: number;
  /** Per item, or per kilogram for 'kg'; minor units. */
  unitPriceMinor: number;
  /** Price × quantity before discounts; minor units. */
  grossMinor: number;
  /** This line's own discount (positive = taken off); order discounts show in the totals. */
  discountMinor: number;
  /** What the customer pays for the line, after its line and order discounts. */
  totalMinor: number;
}

export interface ReceiptTaxRow {
  /** Rate name as configured (e.g. "增值税 13%"). */
  name: string;
  rateBasisPoints: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
}

export interface ReceiptTender {
  kind: 'cash' | 'card';
  amountMinor: number;
  /** Card terminal reference; null for cash. */
  reference: string | null;
}

export interface ReceiptLoyalty {
  memberName: string | null;
  pointsEarned: number;
  pointsRedeemed: number;
  /** Balance after this sale, as far as the till knows. */
  pointsBalance: number;
}

export interface ReceiptDocument {
  version: typeof RECEIPT_DOCUMENT_VERSION;
  kind: ReceiptKind;
  /** A reprint: "COPY / 重印" is printed at the top and bottom. */
  copy: boolean;
  currency: CurrencyCode;
  store: { name: string; address: string | null; phone: string | null };
  receiptNumber: string;
  saleId: string;
  /** ISO-8601 instant of the sale. */
  createdAt: string;
  /** The same instant as the shop reads it ("2026-11-23 18:00:01"), formatted in `timeZone`. */
  localTime: string;
  cashierId: string;
  taxMode: 'inclusive' | 'exclusive';
  items: ReceiptItem[];
  itemCount: number;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  taxSummary: ReceiptTaxRow[];
  tenders: ReceiptTender[];
  changeMinor: number;
  loyalty: ReceiptLoyalty | null;
  footer: string[];
  /** Printed as CODE128 under the totals; scanning it finds the sale for a refund. */
  barcode: { symbology: 'CODE128'; data: string };
  /** E-invoice / survey link shown as a QR code; null for none. */
  qr: string | null;
}

export interface BuildReceiptOptions {
  copy?: boolean;
  kind?: ReceiptKind;
  /** IANA time zone of the shop, for the printed time. Default Asia/Shanghai. */
  timeZone?: string;
  loyalty?: ReceiptLoyalty | null;
  qrPayload?: string | null;
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-23 18:00:01" in the given zone, from an ISO instant. Pure: the instant is passed in. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let fmt = timeFormatters.get(timeZone);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Collapse control characters (a name from an import must not smuggle printer commands). */
function clean(s: string): string {
  return stripControls(s).trim();
}

/** Replace each run of C0/C1 control characters with one space. */
function stripControls(s: string): string {
  let out = '';
  let inRun = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
    if (control && !inRun) out += ' ';
    if (!control) out += ch;
    inRun = control;
  }
  return out;
}

/**
 * Build the receipt document of a sale. Pure: the sale carries its own time and ids; the
 * store details come from settings. Voided lines are left out; each printed line shows
 * its own discount, and subtotal − all discounts = total below them.
 */
export function buildReceiptDocument(
  sale: Sale,
  store: ReceiptStore,
  opts: BuildReceiptOptions = {},
): ReceiptDocument {
  const totalsById = new Map(sale.totals.lines.map((t) => [t.lineId, t]));
  const items: ReceiptItem[] = [];
  for (const line of sale.cart.lines) {
    if (line.voided) continue;
    const t = totalsById.get(line.lineId);
    if (t === undefined) continue;
    items.push({
      lineId: line.lineId,
      name: clean(line.name),
      nameEn: clean(line.nameEn),
      unit: line.unit,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      grossMinor: t.gross,
      discountMinor: t.lineDiscount,
      totalMinor: t.total,
    });
  }
  const rateNames = new Map(sale.settings.taxRates.map((r) => [r.id, r.name]));
  return {
    version: RECEIPT_DOCUMENT_VERSION,
    kind: opts.kind ?? 'sale',
    copy: opts.copy ?? false,
    currency: sale.currency,
    store: {
      name: clean(store.name),
      address: store.address ? clean(store.address) : null,
      phone: store.phone ? clean(store.phone) : null,
    },
    receiptNumber: sale.receiptNumber,
    saleId: sale.id,
    createdAt: sale.createdAt,
    localTime: formatLocalTime(sale.createdAt, opts.timeZone ?? 'Asia/Shanghai'),
    cashierId: clean(sale.cashierId),
    taxMode: sale.settings.taxMode,
    items,
    itemCount: sale.totals.itemCount,
    subtotalMinor: sale.totals.subtotal,
    discountMinor: sale.totals.discountTotal,
    taxMinor: sale.totals.taxTotal,
    totalMinor: sale.totals.total,
    taxSummary: sale.totals.taxSummary.map((row) => ({
      name: clean(rateNames.get(row.taxRateId) ?? row.taxRateId),
      rateBasisPoints: row.rateBasisPoints,
      netMinor: row.net,
      taxMinor: row.tax,
      grossMinor: row.gross,
    })),
    tenders: sale.tenders.map((t) => ({
      kind: t.kind,
      amountMinor: t.amountMinor,
      reference: t.kind === 'card' ? clean(t.reference) : null,
    })),
    changeMinor: sale.changeMinor,
    loyalty: opts.loyalty ?? null,
    footer: store.footer ? store.footer.split('\n').map(stripControls) : [],
    barcode: { symbology: 'CODE128', data: sale.receiptNumber },
    qr: opts.qrPayload ?? null,
  };
}

/** Grams as kilograms with three decimals: 255 → "0.255". */
export function gramsToKgText(grams: number): string {
  const whole = Math.trunc(grams / GRAMS_PER_KG);
  const frac = String(Math.abs(grams % GRAMS_PER_KG)).padStart(3, '0');
  return `${grams < 0 && whole === 0 ? '-' : ''}${whole}.${frac}`;
}
