// The Device settings form as plain data: what the inputs hold (strings, as typed), how they
// map to and from DeviceSettings, and the field errors from the contract's schema. Kept out
// of the component so it is tested without a DOM.
import {
  deviceSettingsSchema,
  type DeviceSettings,
  type PrinterSettings,
} from '../../../hardware/contract/device-settings';

/** The receipt printer's fields and the serial scanner's, as the inputs hold them. */
export interface DeviceSettingsForm {
  printerName: string;
  printerAddress: string;
  paperWidth: '58' | '80';
  profile: 'text' | 'raster';
  drawerEnabled: boolean;
  drawerPin: '2' | '5';
  scannerEnabled: boolean;
  scannerPath: string;
  baudRate: string;
}

export type FormField = keyof DeviceSettingsForm;
export type FieldErrors = Partial<Record<FormField, string>>;

const DEFAULT_PULSE_MS = 50;

function receiptPrinter(s: DeviceSettings): PrinterSettings | null {
  return s.printers.find((p) => p.id === s.receiptPrinterId) ?? s.printers[0] ?? null;
}

export function formFromSettings(s: DeviceSettings): DeviceSettingsForm {
  const p = receiptPrinter(s);
  return {
    printerName: p?.name ?? 'Receipt printer',
    printerAddress: p?.address ?? '',
    paperWidth: p?.paperWidth === 58 ? '58' : '80',
    profile: p?.profile ?? 'text',
    drawerEnabled: p?.drawer != null,
    drawerPin: p?.drawer?.pin === 5 ? '5' : '2',
    scannerEnabled: s.scanner.enabled,
    scannerPath: s.scanner.path ?? '',
    baudRate: String(s.scanner.baudRate),
  };
}

/** Where each schema path shows its error in the form. */
function fieldFor(path: readonly PropertyKey[]): FormField | null {
  const [head, , key] = path;
  if (head === 'printers') {
    if (key === 'name') return 'printerName';
    if (key === 'address') return 'printerAddress';
    if (key === 'paperWidth') return 'paperWidth';
    if (key === 'profile') return 'profile';
    if (key === 'drawer') return 'drawerPin';
    return 'printerName';
  }
  if (head === 'scanner') {
    const sub = path[1];
    if (sub === 'path') return 'scannerPath';
    if (sub === 'baudRate') return 'baudRate';
    return 'scannerEnabled';
  }
  if (head === 'receiptPrinterId') return 'printerName';
  return null;
}

/**
 * Applies the form to the current settings (other printers are kept as they are) and
 * validates the result with the contract schema. Errors are per field, in words.
 */
export function settingsFromForm(
  current: DeviceSettings,
  form: DeviceSettingsForm,
): { ok: true; settings: DeviceSettings } | { ok: false; errors: FieldErrors; summary: string } {
  const existing = receiptPrinter(current);
  const id = existing?.id ?? 'receipt';
  const printer = {
    id,
    name: form.printerName,
    address: form.printerAddress,
    paperWidth: Number(form.paperWidth),
    profile: form.profile,
    drawer: form.drawerEnabled
      ? { pin: Number(form.drawerPin), pulseMs: existing?.drawer?.pulseMs ?? DEFAULT_PULSE_MS }
      : null,
  };
  const baud = form.baudRate.trim() === '' ? Number.NaN : Number(form.baudRate);
  const candidate = {
    ...current,
    printers: existing
      ? current.printers.map((p) => (p.id === id ? printer : p))
      : [printer, ...current.printers],
    receiptPrinterId: id,
    scanner: {
      enabled: form.scannerEnabled,
      path: form.scannerPath.trim() === '' ? null : form.scannerPath.trim(),
      baudRate: baud,
    },
  };
  const parsed = deviceSettingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldFor(issue.path);
    if (field && errors[field] === undefined) {
      errors[field] =
        field === 'baudRate' && Number.isNaN(baud) ? 'Baud rate must be a number' : issue.message;
    }
  }
  const summary = Object.values(errors).join('. ') || 'These settings are not valid';
  return { ok: false, errors, summary };
}

/**
 * A short ESC/POS test page (ASCII only, so it prints on any code page): initialise,
 * text, feed 4 lines, partial cut. Base64 for the contract's raw job.
 */
export function testPageBase64(printerName: string, at: string): string {
  const text =
    `Till test print\n${printerName.replace(/[^\x20-\x7e]/g, '?')}\n${at}\n` +
    'If you can read this, the printer works.\n';
  const bytes = [
    0x1b,
    0x40,
    ...Array.from(text, (c) => c.charCodeAt(0)),
    0x1b,
    0x64,
    4,
    0x1d,
    0x56,
    1,
  ];
  return btoa(String.fromCharCode(...bytes));
}
