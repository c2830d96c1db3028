// The domain's public surface: shop rules as functions over plain data.
export * from './currency';
export * from './money';
export * from './rounding';
export * from './tax';
export * from './product';
export * from './cart';
export * from './tender';
export * from './cash-rounding';
export * from './sale';
export * from './barcode';
export * from './discount-text';
export * from './loyalty';
export * from './document-figures';
