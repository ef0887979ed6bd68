// fill-recorder as a process: fills in (with duplicate executions and re-published events),
// exactly the ledger the trading package computes out over HTTP — across a SIGKILL and a
// restart mid-stream — and the ledger rebuilt from the streams equals the live one.
import { join } from 'node:path';
import { type FillEvent, partitionKeys } from '@tickflow/events';
import { connect, createPublisher } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  startServiceProcess,
  waitFor,
} from '@tickflow/testkit';
import {
  add,
  applyFillToLedger,
  averageEntryPrice,
  EMPTY_LEDGER,
  formatDecimal,
  type Ledger,
  netPnl,
  type Position,
} from '@tickflow/trading';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoints } from '../src/ledger-store.ts';
import { rebuildAll } from '../src/rebuild.ts';
import { duplicateOf, fillPath, T0 } from './support/fills.ts';

const NAMESPACE = 'fr';
const PARTITIONS = 4;
const SCOPE = { namespace: NAMESPACE, partitions: PARTITIONS };
// Two strategies trading BTCUSDT, one ETHUSDT, and SOL/USDT fills without a strategy.
const originals = [
  ...fillPath('BTCUSDT', 200, 0, 'sma-crossover'),
  ...fillPath('BTCUSDT', 150, 3, 'mean-reversion'),
  ...fillPath('ETHUSDT', 300, 17, 'sma-crossover'),
  ...fillPath('SOL/USDT', 200, 5),
];
const duplicates = originals.filter((_, n) => n % 7 === 3).map((fill, n) => duplicateOf(fill, n));

let server: EphemeralRedis;
let redis: Redis;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  await killServices(services);
  redis?.disconnect();
  await server?.stop();
});

const READ_TOKEN = 'fill-recorder-read-token';
const OPERATOR_TOKEN = 'fill-recorder-operator-token';

/** Starts the service; resolves with the process and its HTTP server's base URL (the query API's). */
async function startRecorder(): Promise<ServiceProcess & { api: string }> {
  const service = startServiceProcess(
    join(import.meta.dirname, '../src/main.ts'),
    {
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: NAMESPACE,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      TICKFLOW_LEASE_TTL_MS: '1500',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      API_READ_TOKEN: READ_TOKEN,
      API_OPERATOR_TOKEN: OPERATOR_TOKEN,
      LOG_LEVEL: 'info',
    },
    join(import.meta.dirname, '..'),
  );
  services.push(service);
  const { port } = await service.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
  );
  return { ...service, api: `http://127.0.0.1:${port}` };
}

/** Every field the API answers with (a test's view: each route fills some). */
interface Body {
  fills: { symbol: string; execution_id: string }[];
  next_offset: number | null;
  positions: Record<string, unknown>[];
  by_strategy: { strategy_id: string | null; symbol: string; quantity: string }[];
  symbols: Record<string, { mark_price: string; net_pnl: string }>;
  strategies: Record<string, { net_pnl: string }>;
  identical: boolean;
  // A problem's.
  detail: string;
  errors: { parameter: string; message: string }[];
}

async function get(
  api: string,
  path: string,
  token: string | null = READ_TOKEN,
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(`${api}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Body };
}

async function appliedFills(api: string): Promise<number> {
  return (await get(api, '/pnl')).body.fills as unknown as number;
}

/** True when every partition's checkpoint is its stream's last entry. */
async function caughtUp(): Promise<boolean> {
  for (const checkpoint of await readCheckpoints(redis, SCOPE)) {
    const stream = partitionKeys(NAMESPACE, 'fill', checkpoint.partition).stream;
    const [newest] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    if (newest !== undefined && newest[0] !== checkpoint.last) return false;
  }
  return true;
}

/** Each strategy's ledger, its fills applied in its own order. */
function expectedLedgers(): Record<string, Ledger> {
  const ledgers: Record<string, Ledger> = {};
  for (const fill of originals) {
    const strategy = fill.data.strategy_id ?? '';
    ledgers[strategy] = applyFillToLedger(ledgers[strategy] ?? EMPTY_LEDGER, fill.data);
  }
  return ledgers;
}

/** Per symbol: the strategies' positions added up. */
function expectedPositions(): Position[] {
  const sums = new Map<string, Position>();
  const plus = (a: string, b: string) => formatDecimal(add(a, b));
  for (const ledger of Object.values(expectedLedgers())) {
    for (const p of Object.values(ledger)) {
      const s = sums.get(p.symbol);
      sums.set(
        p.symbol,
        s === undefined
          ? p
          : {
              symbol: p.symbol,
              quantity: plus(s.quantity, p.quantity),
              costBasis: plus(s.costBasis, p.costBasis),
              realizedPnl: plus(s.realizedPnl, p.realizedPnl),
              commissions: plus(s.commissions, p.commissions),
            },
      );
    }
  }
  return [...sums.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}

/** The mark: the price of the symbol's latest fill by event time. */
const latestPrice = (symbol: string) =>
  originals.filter((f) => f.data.symbol === symbol).reduce((a, b) => (b.ts_event > a.ts_event ? b : a)).data
    .price;

describe('fill-recorder', () => {
  it('records each execution once, across a SIGKILL and a restart, and answers over HTTP', async () => {
    const publisher = createPublisher(redis, SCOPE);
    const interleaved = (fills: FillEvent[]) =>
      fills.sort((a, b) => (a.ts_event < b.ts_event ? -1 : a.ts_event > b.ts_event ? 1 : 0));
    const ordered = interleaved([...originals]);
    await publisher.publishAll(ordered.slice(0, 500));

    const first = await startRecorder();
    await waitFor(async () => (await appliedFills(first.api)) >= 20, {
      timeoutMs: 30_000,
      description: 'first fills',
    });
    first.child.kill('SIGKILL');
    await first.exited;

    // The rest, every duplicate execution under a new event id, and re-published events.
    await publisher.publishAll([...ordered.slice(500), ...duplicates]);
    await publisher.publishAll([...ordered.slice(0, 50), ...duplicates.slice(0, 10)]);
    const second = await startRecorder();
    await waitFor(async () => (await appliedFills(second.api)) >= originals.length, {
      timeoutMs: 60_000,
      description: `all ${originals.length} fills`,
    });
    // Every entry acked (the duplicates behind the last original too): they changed nothing.
    await waitFor(caughtUp, { timeoutMs: 30_000, description: 'every partition acked to its end' });
    const api = second.api;

    const expected = expectedPositions();
    const positions = (await get(api, '/positions')).body;
    expect(positions.positions).toEqual(
      expected.map((p) => ({
        symbol: p.symbol,
        quantity: p.quantity,
        average_price: averageEntryPrice(p) ?? null,
        cost_basis: p.costBasis,
        realized_pnl: p.realizedPnl,
        commissions: p.commissions,
      })),
    );
    expect(positions.by_strategy.map((p) => [p.strategy_id, p.symbol, p.quantity])).toEqual(
      Object.entries(expectedLedgers())
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([strategy, ledger]) =>
          Object.values(ledger)
            .sort((a, b) => (a.symbol < b.symbol ? -1 : 1))
            .map((p) => [strategy === '' ? null : strategy, p.symbol, p.quantity]),
        ),
    );
    const pnl = (await get(api, '/pnl')).body;
    expect(pnl.fills as unknown).toBe(originals.length);
    for (const position of expected) {
      expect(pnl.symbols[position.symbol]?.mark_price).toBe(latestPrice(position.symbol));
      expect(pnl.symbols[position.symbol]?.net_pnl).toBe(netPnl(position, latestPrice(position.symbol)));
    }
    expect(Object.keys(pnl.strategies).sort()).toEqual(['', 'mean-reversion', 'sma-crossover']);

    // Rebuilt from the streams alone = live.
    const live = await get(api, '/ledger/rebuild-check');
    expect(live.body).toEqual({ identical: true, fills: originals.length });
    const rebuilt = await rebuildAll(redis, SCOPE);
    expect(rebuilt.strategies).toEqual(
      Object.fromEntries(
        Object.entries(expectedLedgers())
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([strategy, ledger]) => [
            strategy,
            Object.fromEntries(Object.entries(ledger).sort(([a], [b]) => (a < b ? -1 : 1))),
          ]),
      ),
    );

    // /fills: each execution once, filtered and paged.
    const eth = (await get(api, '/fills?symbol=ETHUSDT&limit=10000')).body;
    expect(eth.fills).toHaveLength(300);
    expect(eth.next_offset).toBeNull();
    expect(eth.fills.every((f) => f.symbol === 'ETHUSDT')).toBe(true);
    const window = (await get(api, `/fills?from=${T0 + 10_000_000n}&to=1970-01-01T00:00:00Z`)).status;
    expect(window).toBe(400);
    const ranged = (await get(api, `/fills?symbol=BTCUSDT&from=${T0 + 10_000_000n}&to=${T0 + 19_000_000n}`))
      .body;
    expect(ranged.fills.map((f) => f.execution_id).sort()).toEqual(
      [
        ...Array.from({ length: 10 }, (_, n) => `exec-sma-crossover-BTCUSDT-${n + 10}`),
        ...Array.from({ length: 9 }, (_, n) => `exec-mean-reversion-BTCUSDT-${n + 10}`),
      ].sort(),
    );
    const page = (await get(api, '/fills?limit=100&offset=200')).body;
    expect(page.fills).toHaveLength(100);
    expect(page.next_offset).toBe(300);

    // Bad queries → a 400 problem naming the parameter; unknown path → 404; read access.
    const bad = await get(api, '/fills?limit=zero');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { parameter: 'limit', message: 'expected an integer from 1 to 10000, got "zero"' },
    ]);
    expect(bad.body.detail).toMatch(/^limit: /);
    expect((await get(api, '/fills?sort=asc')).body.errors).toEqual([
      { parameter: 'sort', message: 'unknown parameter' },
    ]);
    expect((await get(api, '/positions?symbol=BTCUSDT')).status).toBe(400);
    expect((await get(api, '/nope')).status).toBe(404);
    expect((await get(api, '/pnl', null)).status).toBe(401);
    expect((await get(api, '/pnl', OPERATOR_TOKEN)).status).toBe(200);
    const openapi = (await fetch(`${api}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, { get: { parameters?: { name: string }[] } }>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/positions', '/pnl', '/fills', '/ledger/rebuild-check']),
    );
    expect(openapi.paths['/fills']?.get.parameters?.map((p) => p.name).sort()).toEqual([
      'from',
      'limit',
      'offset',
      'symbol',
      'to',
    ]);

    expect(await second.stop(), second.output().slice(-2_000)).toBe(0);
  });
});
