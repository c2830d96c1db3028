// Device settings: which printers the till drives and which serial scanner it reads.
// Runs anywhere (renderer, bridge, Electron main): zod only. The schema is part of the
// TillHost contract because `settings:get` / `settings:set` carry it across the boundary;
// hardware/settings persists it as a JSON file.
import { z } from 'zod';

/** Printer address: `tcp://host:port` (ESC/POS over TCP, usually port 9100) or `virtual`. */
export const printerAddressSchema = z
  .string()
  .trim()
  .min(1, 'Printer address is required')
  .refine(
    (s) => s === 'virtual' || /^tcp:\/\/[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(s),
    'Printer address must be tcp://host:port (for example tcp://192.168.1.50:9100) or "virtual"',
  );

/** 58 mm paper prints 32 columns, 80 mm prints 48. */
export const paperWidthSchema = z.union([z.literal(58), z.literal(80)]);

/** `text` sends GB18030 text; `raster` renders to an image for printers with no Chinese font. */
export const printerProfileSchema = z.enum(['text', 'raster']);

export const printerSettingsSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Printer id: lower-case letters, digits, - and _'),
  name: z.string().trim().min(1, 'Printer name is required').max(80),
  address: printerAddressSchema,
  paperWidth: paperWidthSchema,
  profile: printerProfileSchema,
  /** Cash drawer wired to this printer's drawer port; pin 2 or pin 5 of the RJ-12 socket. */
  drawer: z
    .object({
      pin: z.union([z.literal(2), z.literal(5)]),
      /** Pulse on-time in ms (sent as t×2 ms, so 2..510). */
      pulseMs: z.number().int().min(2).max(510),
    })
    .nullable(),
});
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

/** Common serial baud rates for barcode scanners; others are refused on purpose (typos). */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const baudRateSchema = z
  .number()
  .int()
  .refine((n) => (BAUD_RATES as readonly number[]).includes(n), {
    message: `Baud rate must be one of ${BAUD_RATES.join(', ')}`,
  });

export const serialScannerSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Device path, e.g. /dev/ttyACM0 or COM3; null when none is chosen. */
  path: z.string().trim().min(1).max(260).nullable(),
  baudRate: baudRateSchema,
});
export type SerialScannerSettings = z.infer<typeof serialScannerSettingsSchema>;

export const deviceSettingsSchema = z
  .object({
    version: z.literal(1),
    printers: z.array(printerSettingsSchema).max(8),
    /** Printer used for receipts and the drawer when a call names none. */
    receiptPrinterId: z.string().nullable(),
    scanner: serialScannerSettingsSchema,
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    for (const [i, p] of s.printers.entries()) {
      if (ids.has(p.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['printers', i, 'id'],
          message: `Printer id "${p.id}" is used twice`,
        });
      }
      ids.add(p.id);
    }
    if (s.receiptPrinterId !== null && !ids.has(s.receiptPrinterId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['receiptPrinterId'],
        message: `Receipt printer "${s.receiptPrinterId}" is not in the printer list`,
      });
    }
    if (s.scanner.enabled && s.scanner.path === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['scanner', 'path'],
        message: 'Choose the scanner port, or turn the serial scanner off',
      });
    }
  });
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

/** What a fresh till starts with: the virtual printer on 80 mm paper, no serial scanner. */
export function defaultDeviceSettings(): DeviceSettings {
  return {
    version: 1,
    printers: [
      {
        id: 'receipt',
        name: 'Receipt printer',
        address: 'virtual',
        paperWidth: 80,
        profile: 'text',
        drawer: { pin: 2, pulseMs: 50 },
      },
    ],
    receiptPrinterId: 'receipt',
    scanner: { enabled: false, path: null, baudRate: 9600 },
  };
}
