// The sync wire format, shared by the till's engine and head office.
export * from './version';
export * from './errors';
export * from './canonical';
export * from './ascii-json';
export * from './domain-schemas';
export * from './documents';
export * from './enrol';
export * from './terminal';
export * from './pull';
export * from './admin';
