// Protocol and domain types the storage port speaks in (one import point).
export type { CurrencyCode } from '../../../domain';
export type { CatalogueImport, CatalogueImportResult, PullCollection } from '../../protocol';
