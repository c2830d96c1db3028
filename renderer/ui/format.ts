// Display helpers for the cashier screen. Money always goes through domain formatMoney;
// these only pick what to show.
import { formatMoney, money, type CurrencyCode, type Discount, type SaleUnit } from '../../domain';
import { gramsToKgText } from '../../domain/receipt';

export function showMoney(minor: number, currency: CurrencyCode): string {
  return formatMoney(money(minor, currency));
}

/** "3" for items, "0.255 kg" for weighed lines (quantity in grams). */
export function showQuantity(quantity: number, unit: SaleUnit): string {
  return unit === 'kg' ? `${gramsToKgText(quantity)} kg` : String(quantity);
}

/**
 * Stock as the till knows it (renderer/sync/available-stock): a count for 'each'
 * products, GRAMS for 'kg' ones, shown in kilograms with 3 decimals ("12.500 kg").
 * null (head office never sent a figure, nothing sold) is "—". A negative figure
 * (sold more than head office said was there) is shown as it is, never clamped.
 */
export function showStock(quantity: number | null, unit: SaleUnit): string {
  if (quantity === null) return '—';
  return showQuantity(quantity, unit);
}

/** "10 %" or "¥2.00 off". */
export function showDiscount(d: Discount | null, currency: CurrencyCode): string {
  if (d === null) return '';
  if (d.kind === 'percent') return `${d.basisPoints / 100} %`;
  return `${showMoney(d.minor, currency)} off`;
}
