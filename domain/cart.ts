// The cart: line editing (cart-lines.ts) and pricing (cart-totals.ts), one import path.
export * from './cart-lines';
export * from './cart-totals';
