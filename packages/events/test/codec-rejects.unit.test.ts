// decodeEvent refuses every malformed entry with an InvalidEventError that locates the bad
// field (`ts_event`, `data.bid_price`, ...), so a consumer can dead-letter it with a reason
// a human can act on. The tables of bad values are in reject-cases.ts.
import { describe, expect, it } from 'vitest';
import { decodeEvent, EVENT_SPECS, EVENT_TYPES } from '../src/index.ts';
import { BASES, encoded, envelopeRows, ID, payloadRows, shapes } from './reject-cases.ts';
import {
  deletePath,
  expectIssueAt,
  fieldValue,
  invalidEventErrorOf,
  REQUIRED_ENVELOPE,
  setPath,
  withData,
  withField,
  withoutField,
} from './wire.ts';

describe('decodeEvent given one malformed or missing field', () => {
  it('given the valid base entries, when decoded, then they decode (so every failure below is the edit)', () => {
    for (const shape of shapes) expect(decodeEvent(encoded(shape))).toStrictEqual(BASES[shape]);
  });

  describe('envelope fields', () => {
    for (const row of envelopeRows) {
      it(`given ${row.name}, then InvalidEventError located at "${row.field}"`, () => {
        expectIssueAt(() => decodeEvent(row.fields), row.field);
      });
    }
  });

  describe('payload fields', () => {
    for (const row of payloadRows) {
      it(`given ${row.name}, then InvalidEventError located at "${row.field}"`, () => {
        expectIssueAt(() => decodeEvent(row.fields), row.field);
      });
    }
  });

  it('given one bad field, then the issues blame that field only', () => {
    for (const row of [...envelopeRows, ...payloadRows]) {
      const fields = invalidEventErrorOf(() => decodeEvent(row.fields)).issues.map((issue) => issue.field);
      expect(new Set(fields), row.name).toStrictEqual(new Set([row.field]));
    }
  });

  it('given a bad field, then the error carries the event id and says which field is wrong', () => {
    const error = invalidEventErrorOf(() =>
      decodeEvent(withData(encoded('quote'), (data) => setPath(data, 'bid_price', '1e5'))),
    );
    expect(error.eventId).toBe(ID);
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toContain(ID);
    expect(error.message).toContain('data.bid_price');
    expect(error.message).toContain('"1e5"');
  });
});

describe('decodeEvent given a malformed entry as a whole', () => {
  it('given an odd number of fields, then the issue is located at "(fields)"', () => {
    const message = expectIssueAt(() => decodeEvent([...encoded('fill'), 'dangling']), '(fields)');
    expect(message).toContain('odd');
  });

  it('given an empty field list, then every required field is reported missing', () => {
    const error = invalidEventErrorOf(() => decodeEvent([]));
    expect(error.issues.map((issue) => issue.field)).toStrictEqual(REQUIRED_ENVELOPE);
    for (const issue of error.issues) expect(issue.message).toBe('missing');
    expect(error.eventId).toBeUndefined();
  });

  for (const name of ['id', 'type', 'ts_event', 'data', 'cause']) {
    it(`given the field ${name} twice, then the issue is located at "${name}"`, () => {
      const fields = encoded('quote');
      const message = expectIssueAt(
        () => decodeEvent([...fields, name, fieldValue(fields, name) ?? '']),
        name,
      );
      expect(message).toContain('more than once');
    });
  }

  it('given invalid JSON in data, then the issue is located at "data" and says so', () => {
    const message = expectIssueAt(
      () => decodeEvent(withField(encoded('signal'), 'data', '{"symbol":')),
      'data',
    );
    expect(message).toContain('not valid JSON');
  });

  it('given an unknown payload key, then it is located at data.<key> as not a field of this type', () => {
    for (const shape of shapes) {
      const message = expectIssueAt(
        () => decodeEvent(withData(encoded(shape), (data) => setPath(data, 'x_extra', 1))),
        'data.x_extra',
      );
      expect(message).toBe('not a field of this type');
    }
    expectIssueAt(
      () => decodeEvent(withData(encoded('signal'), (data) => setPath(data, 'quote.mid_price', '1'))),
      'data.quote.mid_price',
    );
  });

  it('given key different from data.symbol, then the issue is located at "key" and names both', () => {
    const message = expectIssueAt(() => decodeEvent(withField(encoded('fill'), 'key', 'ETHUSDT')), 'key');
    expect(message).toContain('BTCUSDT');
    expect(message).toContain('ETHUSDT');
  });

  it('given a limit order without limit_price, then it is located at data.limit_price', () => {
    const message = expectIssueAt(
      () => decodeEvent(withData(encoded('limitOrder'), (data) => deletePath(data, 'limit_price'))),
      'data.limit_price',
    );
    expect(message).toContain('limit order needs a limit_price');
  });

  it('given a market order with a limit_price, then it is located at data.limit_price', () => {
    const message = expectIssueAt(
      () => decodeEvent(withData(encoded('marketOrder'), (data) => setPath(data, 'limit_price', '100'))),
      'data.limit_price',
    );
    expect(message).toContain('market order has no limit_price');
  });

  it('given a version newer than this build reads, then it is located at "v" and names both versions', () => {
    for (const type of EVENT_TYPES) {
      const base = shapes.find((shape) => BASES[shape].type === type) ?? 'quote';
      const current = EVENT_SPECS[type].currentVersion;
      const message = expectIssueAt(
        () => decodeEvent(withField(encoded(base), 'v', String(current + 1))),
        'v',
      );
      expect(message).toContain(`version ${current + 1} of ${type} is newer`);
      expect(message).toContain(`up to ${current}`);
    }
  });

  it('given an unknown type, then it is located at "type" and names it', () => {
    const message = expectIssueAt(() => decodeEvent(withField(encoded('quote'), 'type', 'quote')), 'type');
    expect(message).toBe('unknown event type "quote"');
  });

  it('given several bad fields, then every one is reported', () => {
    let fields = withField(encoded('quote'), 'ts_event', 'soon');
    fields = withField(fields, 'ts_init', '-5');
    fields = withoutField(fields, 'corr');
    const error = invalidEventErrorOf(() => decodeEvent(fields));
    expect(error.issues.map((issue) => issue.field).sort()).toStrictEqual(['corr', 'ts_event', 'ts_init']);
  });

  it('given data nested far too deep, then InvalidEventError (not a stack overflow) located at data', () => {
    // A poison entry must be dead-lettered, not crash the consumer that reads it.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expectIssueAt(() => decodeEvent(withField(encoded('quote'), 'data', deep)), 'data');
    expectIssueAt(
      () =>
        decodeEvent(
          withField(
            encoded('quote'),
            'data',
            (fieldValue(encoded('quote'), 'data') ?? '').replace('"65000.1"', deep),
          ),
        ),
      'data.bid_price',
    );
  });
});
