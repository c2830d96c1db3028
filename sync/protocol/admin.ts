// Head-office administration (bearer = the server's admin token): stores,
// terminals and their enrolment codes, revocation, catalogue import. The CLI
// (`npm run ho -- ...`) does the same things directly on the storage.
import { z } from 'zod';
import {
  currencyCodeSchema,
  idSchema,
  productSchema,
  taxRateSchema,
  withoutNul,
} from './domain-schemas';

/** Store and terminal codes appear in receipt numbers: short, upper case, digits. */
export const codeSchema = z
  .string()
  .regex(/^[A-Z0-9]{1,10}$/, 'Use 1–10 capital letters or digits, e.g. S001 or T01');

/** A store's name as people read it: 1–100 characters after trimming. */
const storeNameSchema = withoutNul(z.string().trim().min(1).max(100));

export const createStoreRequestSchema = z.strictObject({
  code: codeSchema,
  name: storeNameSchema,
  currency: currencyCodeSchema.default('CNY'),
});
export type CreateStoreRequest = z.input<typeof createStoreRequestSchema>;

/**
 * A correction of a store (`PATCH /admin/stores/{id or code}`): the fields to
 * change. The code is not among them: receipt numbers carry it.
 */
export const updateStoreRequestSchema = z
  .strictObject({
    name: storeNameSchema.optional(),
    currency: currencyCodeSchema.optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.currency !== undefined, {
    message: 'Give the name, the currency or both to change',
  });
export type UpdateStoreRequest = z.input<typeof updateStoreRequestSchema>;

export const storeSchema = z.object({
  storeId: z.string(),
  code: z.string(),
  name: z.string(),
  currency: currencyCodeSchema,
});
export type StoreInfo = z.infer<typeof storeSchema>;

export const createTerminalRequestSchema = z.strictObject({
  code: codeSchema,
  name: withoutNul(z.string().trim().max(100)).default(''),
});

export const createTerminalResponseSchema = z.object({
  terminalId: z.string(),
  storeId: z.string(),
  code: z.string(),
  /** One-time enrolment code; shown only here. */
  enrolmentCode: z.string(),
});
export type CreateTerminalResponse = z.infer<typeof createTerminalResponseSchema>;

export const terminalInfoSchema = z.object({
  terminalId: z.string(),
  storeId: z.string(),
  code: z.string(),
  name: z.string(),
  deviceName: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;

export const revokeResponseSchema = z.object({ terminalId: z.string(), revokedAt: z.string() });

/** Stock of one product in one store, set absolutely (a stock take or ERP figure). */
export const stockImportRowSchema = z.strictObject({
  storeCode: codeSchema,
  productId: idSchema,
  quantity: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
});

/**
 * A catalogue import (JSON form; CSV files are read into this shape by the
 * CLI). Products carry their price; each product also updates `prices`.
 * `deleteProductIds` become tombstones in `products` and `prices`.
 */
export const catalogueImportSchema = z.strictObject({
  taxRates: z.array(taxRateSchema).default([]),
  products: z.array(productSchema).default([]),
  stock: z.array(stockImportRowSchema).default([]),
  deleteProductIds: z.array(idSchema).default([]),
});
export type CatalogueImport = z.output<typeof catalogueImportSchema>;

export const catalogueImportResultSchema = z.object({
  taxRates: z.number().int(),
  products: z.number().int(),
  stock: z.number().int(),
  deleted: z.number().int(),
});
export type CatalogueImportResult = z.infer<typeof catalogueImportResultSchema>;

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  protocol: z.number().int(),
  storage: z.enum(['sqlite', 'postgres']),
});
