// Entries written by older producers stay readable: each stored example under
// test/fixtures/v<N>/ (the exact field list a v<N> producer wrote) decodes to the current
// version with the exact payload of fixture-expectations.ts. Fixture files are discovered, so a new one is picked
// up automatically, and every past version in the registry must have one.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeEvent, EVENT_SPECS, EVENT_TYPES, encodeEvent } from '../src/index.ts';
import { EXPECTED } from './fixture-expectations.ts';
import { expectIssueAt, fieldValue, withData, withField } from './wire.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Fixture {
  /** e.g. `v1/market_data.quote.json` */
  readonly path: string;
  readonly version: number;
  /** The event type its name starts with: `<type>[.<variant>].json`. */
  readonly type: string;
  readonly fields: string[];
}

function loadFixtures(): Fixture[] {
  const folders = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^v\d+$/.test(entry.name))
    .map((entry) => entry.name);
  return folders.flatMap((folder) =>
    readdirSync(`${FIXTURES}${folder}`)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        path: `${folder}/${file}`,
        version: Number(folder.slice(1)),
        type: file.split('.')[0] as string,
        fields: JSON.parse(readFileSync(`${FIXTURES}${folder}/${file}`, 'utf8')) as string[],
      })),
  );
}

const fixtures = loadFixtures();

function fixture(path: string): string[] {
  const found = fixtures.find((candidate) => candidate.path === path);
  if (!found) throw new Error(`no fixture ${path}`);
  return found.fields;
}

describe('stored entries of past versions (test/fixtures/v<N>/*.json)', () => {
  it('given the fixture folders, then there are fixtures to test', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  for (const { path, version, type, fields } of fixtures) {
    describe(path, () => {
      it('is a stream field list written at its folder version, of the type its name starts with', () => {
        expect(Array.isArray(fields)).toBe(true);
        for (const value of fields) expect(typeof value).toBe('string');
        expect(fields.length % 2).toBe(0);
        expect(fieldValue(fields, 'v')).toBe(String(version));
        expect(fieldValue(fields, 'type')).toBe(type);
        expect(EVENT_TYPES).toContain(type);
        expect(version).toBeLessThan(EVENT_SPECS[type as keyof typeof EVENT_SPECS].currentVersion);
      });

      it('decodes to exactly the expected current-version event', () => {
        const expected = EXPECTED[path];
        expect(expected, `add the expected decoded event of ${path} to EXPECTED`).toBeDefined();
        expect(decodeEvent(fields)).toStrictEqual(expected);
      });

      it('re-encodes at the current version and decodes back to the same event', () => {
        const event = decodeEvent(fields);
        const reencoded = encodeEvent(event);
        expect(fieldValue(reencoded, 'v')).toBe(String(EVENT_SPECS[event.type].currentVersion));
        expect(decodeEvent(reencoded)).toStrictEqual(event);
      });
    });
  }

  it('given the expectations, then each one has its fixture file (none is stale)', () => {
    expect(Object.keys(EXPECTED).sort()).toStrictEqual(fixtures.map((f) => f.path).sort());
  });

  it('given every past version in EVENT_SPECS, then each has at least one fixture of its type', () => {
    for (const type of EVENT_TYPES) {
      for (const past of EVENT_SPECS[type].past) {
        const found = fixtures.filter((f) => f.type === type && f.version === past.version);
        expect(found.length, `add test/fixtures/v${past.version}/${type}.json`).toBeGreaterThan(0);
      }
    }
  });

  for (const version of [1, 2]) {
    it(`given the market_data v${version} fixtures, then both quote and trade are covered`, () => {
      const kinds = fixtures
        .filter((f) => f.type === 'market_data' && f.version === version)
        .map((f) => (JSON.parse(fieldValue(f.fields, 'data') ?? '{}') as { kind?: string }).kind);
      expect(new Set(kinds)).toStrictEqual(new Set(['quote', 'trade']));
    });
  }
});

describe('v2 entries: sizes were required before v3', () => {
  for (const type of ['market_data', 'signal'] as const) {
    const path = `v2/${type}.${type === 'signal' ? '' : 'quote.'}json`.replace('..', '.');
    const at = type === 'signal' ? 'data.quote.' : 'data.';
    it(`given ${path} without its sizes, then it is rejected as ${type} v2 at ${at}bid_size`, () => {
      const unsized = withData(fixture(path), (d) => {
        const q = (type === 'signal' ? d.quote : d) as Record<string, unknown>;
        delete q.bid_size;
        delete q.ask_size;
      });
      const message = expectIssueAt(() => decodeEvent(unsized), `${at}bid_size`);
      expect(message).toBe(`missing (as ${type} v2)`);
      // The same payload is a valid v3 unsized quote.
      expect(() => decodeEvent(withField(unsized, 'v', '3'))).not.toThrow();
    });
  }
});

describe('v1 entries with a bad field', () => {
  const rows: readonly { path: string; edit: (data: Record<string, unknown>) => void; field: string }[] = [
    { path: 'v1/market_data.quote.json', edit: (d) => Object.assign(d, { bid: '1e3' }), field: 'data.bid' },
    { path: 'v1/market_data.quote.json', edit: (d) => delete d.exchange, field: 'data.exchange' },
    { path: 'v1/market_data.trade.json', edit: (d) => Object.assign(d, { side: 'up' }), field: 'data.side' },
    { path: 'v1/market_data.trade.json', edit: (d) => Object.assign(d, { size: '0' }), field: 'data.size' },
    { path: 'v1/signal.json', edit: (d) => Object.assign(d, { direction: 'up' }), field: 'data.direction' },
    { path: 'v1/signal.json', edit: (d) => Object.assign(d, { strategy: '' }), field: 'data.strategy' },
    { path: 'v1/order.json', edit: (d) => Object.assign(d, { price: '0' }), field: 'data.price' },
    { path: 'v1/order.market.json', edit: (d) => delete d.price, field: 'data.price' },
    { path: 'v1/order.json', edit: (d) => Object.assign(d, { status: 'OPEN' }), field: 'data.status' },
    { path: 'v1/fill.json', edit: (d) => Object.assign(d, { is_maker: 'yes' }), field: 'data.is_maker' },
    { path: 'v1/fill.json', edit: (d) => delete d.fee, field: 'data.fee' },
    { path: 'v1/fill.json', edit: (d) => Object.assign(d, { fee: '-1' }), field: 'data.fee' },
  ];
  for (const { path, edit, field } of rows) {
    const type = path.slice(3).split('.')[0] as string;
    it(`given ${path} with a bad ${field}, then it is located at ${field} "(as ${type} v1)"`, () => {
      const message = expectIssueAt(() => decodeEvent(withData(fixture(path), edit)), field);
      expect(message).toContain(`(as ${type} v1)`);
    });
  }

  it('given a v1 entry carrying a v2-shaped payload, then the v2 names are not fields of v1', () => {
    const v2Payload = encodeEvent(decodeEvent(fixture('v1/market_data.quote.json')));
    const message = expectIssueAt(() => decodeEvent(withField(v2Payload, 'v', '1')), 'data.bid_price');
    expect(message).toBe('not a field of this type (as market_data v1)');
  });

  it('given a v2 entry carrying a v1-shaped payload, then it is rejected against v2 (no v1 note)', () => {
    const message = expectIssueAt(
      () => decodeEvent(withField(fixture('v1/fill.json'), 'v', '2')),
      'data.fee',
    );
    expect(message).toBe('not a field of this type');
  });

  it('given a v1 entry whose key differs from data.symbol, then it is located at key', () => {
    expectIssueAt(() => decodeEvent(withField(fixture('v1/order.json'), 'key', 'ETHUSDT')), 'key');
  });
});
