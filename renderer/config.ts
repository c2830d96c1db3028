// The till's start-up configuration, served by the local till server as
// /till-config.json and validated here before the app uses any of it. The same schema
// is imported by scripts/start.ts (Node) to validate what it serves, so the two ends
// cannot drift. Pure zod: no DOM, no Node.
import { z } from 'zod';

const id = z.string().trim().min(1).max(64);
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,8}$/u, 'a code is 1–8 letters or digits');

const taxRate = z.object({
  id,
  name: z.string().trim().min(1),
  /** 1300 = 13 %. */
  rateBasisPoints: z.number().int().min(0).max(10_000),
});

export const tillConfigSchema = z.object({
  store: z.object({
    id,
    code,
    name: z.string().trim().min(1),
    address: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    footer: z.string().nullable().optional(),
  }),
  terminal: z.object({ id, code }),
  cashier: z.object({ id, name: z.string().trim().min(1) }),
  currency: z.enum(['CNY', 'USD', 'EUR', 'JPY', 'KRW', 'KWD', 'BHD', 'HKD']),
  pricing: z.object({
    taxMode: z.enum(['inclusive', 'exclusive']),
    taxRounding: z.enum(['per_line', 'per_receipt']),
    roundingMode: z.enum(['HALF_UP', 'HALF_EVEN', 'HALF_DOWN', 'UP', 'DOWN']),
    taxRates: z.array(taxRate).min(1),
  }),
  /** IANA zone for printed times. */
  timeZone: z.string().min(1).default('Asia/Shanghai'),
  /** Receipt width in character columns: 58 mm paper = 32, 80 mm = 48. */
  receiptColumns: z.union([z.literal(32), z.literal(48)]).default(32),
  /**
   * Seed this many demo products into an EMPTY catalogue; null = never seed. `stock`
   * (default true): give each a demo stock row in the same writes; the 1M bench turns
   * it off to keep seeding at one record per product.
   */
  demoSeed: z
    .object({
      products: z.number().int().min(0).max(2_000_000),
      stock: z.boolean().optional(),
    })
    .nullable(),
  /** Head office for sync (later). */
  headOffice: z
    .object({ url: z.string().url(), enrolmentCode: z.string().min(1).optional() })
    .optional(),
  /** Hardware bridge for browser mode (later). */
  bridge: z.object({ url: z.string().min(1), secret: z.string().min(1).optional() }).optional(),
});

export type TillConfig = z.infer<typeof tillConfigSchema>;

/** The configuration `npm start` serves when nothing else is given: the demo shop. */
export const DEFAULT_TILL_CONFIG: TillConfig = {
  store: {
    id: 'S001',
    code: 'S001',
    name: '演示商店 Demo Store',
    address: '北京市朝阳区建国路 88 号',
    phone: null,
    footer: '谢谢惠顾 欢迎再次光临\nThank you, come again',
  },
  terminal: { id: 'T01', code: 'T01' },
  cashier: { id: 'C01', name: '王芳' },
  currency: 'CNY',
  pricing: {
    taxMode: 'inclusive',
    taxRounding: 'per_line',
    roundingMode: 'HALF_UP',
    taxRates: [
      { id: 'VAT13', name: '增值税 13% VAT', rateBasisPoints: 1300 },
      { id: 'VAT9', name: '增值税 9% VAT', rateBasisPoints: 900 },
    ],
  },
  timeZone: 'Asia/Shanghai',
  receiptColumns: 32,
  demoSeed: { products: 2000 },
};

export type ConfigResult = { ok: true; config: TillConfig } | { ok: false; error: string };

/** Validate untrusted JSON; the error names each bad field so staff can fix the file. */
export function parseTillConfig(raw: unknown): ConfigResult {
  const parsed = tillConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: `The till configuration is invalid — ${problems}` };
}

/** Fetch and validate /till-config.json (browser). Never throws. */
export async function loadTillConfig(
  fetchImpl: typeof fetch = fetch,
  url = '/till-config.json',
): Promise<ConfigResult> {
  let raw: unknown;
  try {
    const res = await fetchImpl(url, { cache: 'no-store' });
    if (!res.ok) return { ok: false, error: `Could not load ${url} (HTTP ${res.status})` };
    raw = await res.json();
  } catch (err) {
    return {
      ok: false,
      error: `Could not load ${url}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return parseTillConfig(raw);
}
