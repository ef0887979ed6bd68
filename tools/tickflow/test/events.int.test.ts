// `tickflow events` and `tickflow event`: pages that follow their cursor through the whole
// selection exactly once, the selection flags and a CEL filter, the streamed NDJSON export,
// one event, and its causal chain tick → signal → order → fills with the time of each hop.
import type { AnyEvent } from '@tickflow/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsed, tickflow } from './support/cli-run.ts';
import { type Seeded, seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const namespace = 'ev';
const PARTITIONS = 4;
let seeded: Seeded;
const env = () => file.env(namespace, PARTITIONS);

interface EventJson {
  id: string;
  type: string;
  key: string;
  entryId: string;
  ts_event: string;
  cause?: string;
}

interface PageJson {
  events: EventJson[];
  nextCursor?: string;
  exhausted: boolean;
}

beforeAll(async () => {
  // 20 rounds of 4 quotes; rounds 0, 5, 10, 15 add a signal, an order and two fills per symbol.
  seeded = await seedHistory(file.redis, { namespace, partitions: PARTITIONS }, 20);
});

const ofType = (type: AnyEvent['type']) => seeded.events.filter((event) => event.type === type);

describe('tickflow events', () => {
  it('pages through the whole selection once, following --cursor', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await tickflow(
        ['events', '--limit', '30', '--json', ...(cursor ? ['--cursor', cursor] : [])],
        {
          env: env(),
        },
      );
      expect(result.code, result.stderr).toBe(0);
      const page = parsed<PageJson>(result);
      ids.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(Math.ceil(seeded.events.length / 30));
    expect(ids.toSorted()).toEqual(seeded.events.map((event) => event.id).toSorted());
  });

  it('selects by type, symbol and filter; newest first; one text line per event and the next cursor', async () => {
    const newest = await tickflow(['events', '--types', 'fill', '--order', 'newest', '--limit', '3'], {
      env: env(),
    });
    expect(newest.code, newest.stderr).toBe(0);
    const lines = newest.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const asJson = await tickflow(
      ['events', '--types', 'fill', '--order', 'newest', '--limit', '3', '--json'],
      {
        env: env(),
      },
    );
    const fills = parsed<PageJson>(asJson).events;
    const lastRound = new Set(
      ofType('fill')
        .slice(-8)
        .map((fill) => fill.id),
    );
    expect(fills.every((fill) => lastRound.has(fill.id))).toBe(true);
    for (const [at, fill] of fills.entries()) {
      expect(lines[at]).toMatch(
        new RegExp(
          `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  fill {7}  ${fill.key}  ${fill.id}  buy 1 @ 10[01]\\.5 taker ord-`,
        ),
      );
    }
    expect(lines[3]).toMatch(/^next page: --cursor [\w-]+$/);

    const aaa = await tickflow(['events', '--symbols', 'AAA', '--types', 'sig', '--json'], { env: env() });
    expect(parsed<PageJson>(aaa).events.map((e) => e.id)).toEqual(
      ofType('signal')
        .filter((e) => e.key === 'AAA')
        .map((e) => e.id),
    );
    const filter = 'event_type == "fill" && decimal(data.price) > 101.0';
    const dear = await tickflow(['events', '--filter', filter, '--json'], { env: env() });
    const page = parsed<PageJson>(dear);
    expect(page.events).toHaveLength(16);
    expect(page.exhausted).toBe(true);
    const end = await tickflow(['events', '--filter', filter, '--limit', '1000'], { env: env() });
    expect(end.stdout).toMatch(/\n\(end of the selection\)\n$/);
  });

  it('--export streams every selected event as NDJSON, in append order', async () => {
    const result = await tickflow(['events', '--export', '--types', 'market_data,fill'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EventJson);
    expect(lines).toHaveLength(ofType('market_data').length + ofType('fill').length);
    const entryIds = lines.map((line) => line.entryId);
    const byAppend = (a: string, b: string) => {
      const [am, as] = a.split('-').map(Number) as [number, number];
      const [bm, bs] = b.split('-').map(Number) as [number, number];
      return am - bm || as - bs;
    };
    expect(entryIds.toSorted(byAppend)).toEqual(entryIds);
    expect(lines[0]).toMatchObject({ type: 'market_data', ts_event: '1700000000000000000' });
  });
});

describe('tickflow event', () => {
  it('shows one event: JSON as the API gives it, text for people', async () => {
    const signal = ofType('signal')[2] as AnyEvent;
    const json = await tickflow(['event', signal.id, '--json'], { env: env() });
    expect(json.code, json.stderr).toBe(0);
    expect(parsed(json)).toMatchObject({
      id: signal.id,
      type: 'signal',
      key: signal.key,
      cause: signal.cause,
    });
    const text = await tickflow(['event', signal.id, '--type', 'sig'], { env: env() });
    expect(text.stdout).toMatch(
      new RegExp(`^signal ${signal.id}  ${signal.key}\\n  stream +tf:\\{ev:sig:\\d~\\d+\\}  entry \\d+-\\d+`),
    );
    expect(text.stdout).toContain(`  cause       ${signal.cause}\n`);
    expect(text.stdout).toContain(
      '  event time  2023-11-14T22:13:20.000002000Z  (ts_event 1700000000000002000)',
    );
  });

  it('--chain shows tick → signal → order → fills with each hop, from any event of it', async () => {
    const fill = ofType('fill')[5] as AnyEvent;
    const json = await tickflow(['event', fill.id, '--chain', '--json'], { env: env() });
    expect(json.code, json.stderr).toBe(0);
    const chain = parsed<{
      focusId: string;
      complete: boolean;
      nodes: { type: string; depth: number; hop?: { eventNs: string }; event: unknown }[];
    }>(json);
    expect(chain).toMatchObject({ focusId: fill.id, complete: true });
    expect(chain.nodes.map((n) => `${n.depth} ${n.type}`)).toEqual([
      '0 market_data',
      '1 signal',
      '2 order',
      '3 fill',
      '3 fill',
    ]);
    expect(chain.nodes.map((n) => n.hop?.eventNs)).toEqual([undefined, '2000', '3000', '5000', '5000']);
    // Each node's event as eventToJson gives it (where it is stored, times as strings), as the API has it.
    expect(chain.nodes[3]?.event).toMatchObject({
      stream: expect.stringMatching(/^tf:\{ev:fill:\d~\d+\}$/),
      eventTime: expect.any(String),
    });

    const text = await tickflow(['event', fill.id, '--chain'], { env: env() });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`causal chain of ${fill.id}: 5 events`);
    expect(lines[1]).toMatch(
      /^ {2}market_data \S+ {2}event 2023-11-14T22:13:20\.\d{9}Z, appended \S+Z {2}quote /,
    );
    expect(lines[2]).toMatch(
      /^ {4}└ signal \S+ {2}event \+2\.0 µs, append \+\d+ ms {2}long 0\.5 sma-cross: test$/,
    );
    expect(lines[3]).toMatch(/^ {6}└ order \S+ {2}event \+3\.0 µs, append \+\d+ ms {2}NEW buy 2 market IOC/);
    expect(
      lines.slice(4).filter((line) => line.startsWith(`* ${' '.repeat(6)}└ fill ${fill.id}  event +5.0 µs`)),
    ).toHaveLength(1);
  });

  it('exits 1 for an event that is not there, 2 for an id that is not one', async () => {
    const missing = await tickflow(['event', '00000000-0000-4000-8000-000000000000'], { env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('tickflow: no event 00000000-0000-4000-8000-000000000000 in namespace ev\n');
    const bad = await tickflow(['event', 'nope'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tickflow: <id>: expected a lower-case UUID, got "nope"/);
  });
});
