// The local database's public surface, for the UI, stores and sync engine.
export * from './schema';
export * from './complete-sale';
export * from './audit';
export * from './parked';
export * from './catalogue';
export * from './terminal-config';
export * from './demo-catalogue';
export * from './demo-seed';
export * from './members';
export * from './loyalty-ledger';
export * from './demo-members';
