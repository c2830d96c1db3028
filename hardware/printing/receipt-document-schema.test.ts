import { describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../../domain/receipt';
import { chineseSale, TEST_STORE } from '../../domain/receipt/test-sale';
import { receiptDocumentSchema } from './receipt-document-schema';

describe('receiptDocumentSchema', () => {
  it('accepts every document buildReceiptDocument makes, after a JSON round trip', () => {
    const doc = buildReceiptDocument(chineseSale({ lines: 12 }), TEST_STORE, {
      copy: true,
      qrPayload: 'https://inv.example/q',
      loyalty: { memberName: '张三', pointsEarned: 10, pointsRedeemed: 0, pointsBalance: 99 },
    });
    const parsed = receiptDocumentSchema.safeParse(JSON.parse(JSON.stringify(doc)));
    expect(parsed.success).toBe(true);
  });

  it('refuses a document with fractional money or a non-ASCII barcode', () => {
    const doc = buildReceiptDocument(chineseSale(), TEST_STORE);
    expect(receiptDocumentSchema.safeParse({ ...doc, totalMinor: 12.5 }).success).toBe(false);
    expect(
      receiptDocumentSchema.safeParse({ ...doc, barcode: { symbology: 'CODE128', data: '收据' } })
        .success,
    ).toBe(false);
  });
});
