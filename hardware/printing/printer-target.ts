// Printer settings as the print service takes them (validated by zod at the service
// boundary). The TillHost contract's PrinterSettings (hardware/contract/device-settings)
// is mapped onto this by printTargetFromSettings; brand and timeouts live here because
// only the print service needs them.
import { z } from 'zod';
import type { PrinterSettings } from '../contract/device-settings';

const TCP_ADDRESS = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

export const printTargetSchema = z.object({
  /** `tcp://host:port`, e.g. tcp://192.168.1.50:9100. */
  address: z
    .string()
    .trim()
    .regex(
      TCP_ADDRESS,
      'Printer address must be tcp://host:port (for example tcp://192.168.1.50:9100)',
    )
    .refine((a) => {
      const port = Number(TCP_ADDRESS.exec(a)?.[2]);
      return port >= 1 && port <= 65535;
    }, 'Printer port must be 1–65535'),
  /** 58 mm → 32 columns, 80 mm → 48. */
  paperWidth: z.union([z.literal(58), z.literal(80)]),
  /** text: GB18030 text; raster: the receipt as a 1-bit image (no Chinese font needed). */
  profile: z.enum(['text', 'raster']).default('text'),
  brand: z.enum(['EPSON', 'STAR']).default('EPSON'),
  /** Cash drawer on the printer's drawer port, or null for none. */
  drawer: z
    .object({
      pin: z.union([z.literal(2), z.literal(5)]),
      /** On-time in ms (2..510, sent as t×2 ms). */
      pulseMs: z.number().int().min(2).max(510),
    })
    .nullable()
    .default({ pin: 2, pulseMs: 50 }),
  timeouts: z
    .object({
      /** TCP connect, ms. */
      connectMs: z.number().int().min(50).max(30_000).default(2_000),
      /** One DLE EOT answer, ms. */
      statusMs: z.number().int().min(50).max(10_000).default(1_000),
      /** Handing one job's bytes to the socket, ms. */
      writeMs: z.number().int().min(100).max(60_000).default(10_000),
    })
    .default({ connectMs: 2_000, statusMs: 1_000, writeMs: 10_000 }),
});
export type PrintTarget = z.output<typeof printTargetSchema>;
export type PrintTargetInput = z.input<typeof printTargetSchema>;

export function parseTcpAddress(address: string): { host: string; port: number } {
  const m = TCP_ADDRESS.exec(address.trim());
  if (!m) throw new Error(`Not a tcp://host:port address: ${address}`);
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '');
  return { host, port: Number(m[2]) };
}

/**
 * Map the contract's PrinterSettings to a print target. `virtual` resolves to the address
 * of the virtual printer the host started (virtualAddress), e.g. tcp://127.0.0.1:9100.
 */
export function printTargetFromSettings(
  settings: PrinterSettings,
  opts: { virtualAddress?: string; brand?: 'EPSON' | 'STAR' } = {},
): PrintTarget {
  const address = settings.address === 'virtual' ? opts.virtualAddress : settings.address;
  if (address === undefined) {
    throw new Error(`Printer "${settings.name}" is virtual but no virtual printer is running`);
  }
  return printTargetSchema.parse({
    address,
    paperWidth: settings.paperWidth,
    profile: settings.profile,
    brand: opts.brand ?? 'EPSON',
    drawer: settings.drawer,
  });
}
