// The till's terminal identity record (meta 'terminal'), checked wherever it is read:
// by completeSale (to number the receipt) and by the till's start-up.
import { z } from 'zod';

export const terminalIdentitySchema = z.object({
  storeId: z.string().min(1),
  /** Store code in receipt numbers ("S001"). */
  storeCode: z.string().min(1),
  terminalId: z.string().min(1),
  /** Terminal code in receipt numbers ("T01"). */
  terminalCode: z.string().min(1),
});
