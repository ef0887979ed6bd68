// A rejected record is cut to what its dead letter keeps when it joins a batch, so a batch of
// near-limit lines holds kilobytes while it waits; the dead letter written is the same.
import { describe, expect, it } from 'vitest';
import { deadLetterFields, deadLetterRecord, MAX_TEXT_CHARS } from '../src/pipeline/dead-letter.ts';
import type { RejectedRecord } from '../src/source-record.ts';

const fieldsOf = (record: RejectedRecord) => deadLetterFields('source-1', record);

describe('deadLetterRecord', () => {
  it('given a rejected line of 1 MiB, then the record keeps at most MAX_TEXT_CHARS of it, saying how long it was, and writes the same dead letter', () => {
    const raw = `${'é'.repeat(100)}${'x'.repeat(1024 * 1024)}`;
    const record: RejectedRecord = { ok: false, line: 7, field: 'bid_price', reason: 'not a decimal', raw };

    const bounded = deadLetterRecord(record);

    expect(bounded.raw.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(bounded.raw.startsWith('é'.repeat(100))).toBe(true);
    expect(bounded.raw.endsWith(`… (${raw.length} chars)`)).toBe(true);
    expect(fieldsOf(bounded)).toEqual(fieldsOf(record));
  });

  it('given a record within the limits, then it is kept as it is', () => {
    const record: RejectedRecord = { ok: false, line: 1, field: '(line)', reason: 'bad', raw: 'a,b,c' };
    expect(deadLetterRecord(record)).toBe(record);
  });

  it('given a long reason, then it is cut as the raw input is', () => {
    const reason = 'r'.repeat(10_000);
    const bounded = deadLetterRecord({ ok: false, line: 1, field: 'x', reason, raw: 'a' });
    expect(bounded.reason.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(bounded.reason.endsWith('… (10000 chars)')).toBe(true);
  });
});
