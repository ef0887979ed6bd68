// GET /live from the real process, read as a browser's EventSource reads it: the SSE headers,
// `retry` first, a snapshot within 2 s and one a second after with the totals moved by what
// was published; 401 without a token; one snapshot loop however many clients (both get the
// same frames), stopped with the last client and on shutdown; a replay running in the
// service shows in the snapshots.
import type { MonitorSnapshot } from '@tickflow/replay';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { publishTicks } from './support/history.ts';
import { call, expectStatus, READ_TOKEN } from './support/http.ts';
import { type RunningReplayService, startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const SOURCE = { namespace: 'live', partitions: 2 };

interface SseFrame {
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
  readonly retry?: number;
  /** performance.now() when it was read. */
  readonly receivedAt: number;
}

interface LiveClient {
  readonly response: Response;
  readonly frames: SseFrame[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  snapshots(): MonitorSnapshot[];
  close(): Promise<void>;
}

/** Opens GET /live and parses its frames as they arrive (blank-line separated, `field: value` lines). */
async function openLive(api: string, token = READ_TOKEN): Promise<LiveClient> {
  const aborted = new AbortController();
  const response = await fetch(`${api}/live`, {
    headers: { authorization: `Bearer ${token}` },
    signal: aborted.signal,
  });
  const frames: SseFrame[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  const ended = (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        frames.push(parseFrame(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  return {
    response,
    frames,
    ended,
    snapshots: () =>
      frames.filter((frame) => frame.event === 'snapshot').map((frame) => JSON.parse(frame.data ?? '')),
    close: async () => {
      aborted.abort();
      await ended;
    },
  };
}

function parseFrame(text: string): SseFrame {
  const frame: Record<string, unknown> = { receivedAt: performance.now() };
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    const match = /^(event|data|retry): ?(.*)$/.exec(line);
    if (match?.[1] === 'retry') frame.retry = Number(match[2]);
    else if (match) frame[match[1] as string] = match[2];
  }
  return frame as unknown as SseFrame;
}

const loopsStarted = (service: RunningReplayService) =>
  service.logLines().filter((line) => line.msg === 'monitor loop started').length;

async function metric(api: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${api}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /live', () => {
  it('refuses a request without a valid token (401), and opens nothing', async () => {
    const service = await startReplayService({ url: file.server.url, ...SOURCE });
    const anonymous = await fetch(`${service.api}/live`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="replay-service"');
    const wrong = await fetch(`${service.api}/live`, {
      headers: { authorization: 'Bearer not-a-token-at-all-0' },
    });
    expect(wrong.status).toBe(401);
    expect(loopsStarted(service)).toBe(0);
  });

  it('streams a snapshot within 2 s and one a second later, with the totals moved by what was published', async () => {
    const service = await startReplayService({ url: file.server.url, ...SOURCE });
    await publishTicks(file.redis, SOURCE, 30, 1_000_000n);
    const openedAt = performance.now();
    const live = await openLive(service.api);
    expect(live.response.status).toBe(200);
    expect(live.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(live.response.headers.get('cache-control')).toBe('no-cache');
    expect(live.response.headers.get('x-accel-buffering')).toBe('no');

    const [first] = await waitFor(() => live.snapshots().length >= 1 && live.snapshots(), {
      timeoutMs: 2_000,
      intervalMs: 10,
      description: 'the first snapshot, within 2 s',
    });
    expect(live.frames[0]).toMatchObject({ retry: 2_000 });
    const firstFrame = live.frames.find((frame) => frame.event === 'snapshot');
    expect((firstFrame?.receivedAt ?? Number.POSITIVE_INFINITY) - openedAt).toBeLessThan(2_000);
    expect(first).toMatchObject({ namespace: 'live', types: { market_data: { total: 30 } }, replays: [] });
    expect(Object.keys(first?.types ?? {})).toEqual(['market_data', 'signal', 'order', 'fill']);
    expect(first?.deadLetters).toEqual({ total: 0, requeued: 0, byType: {}, byKind: {} });
    expect(first?.latency).toMatchObject({ sampled: 0, hops: {}, latestFills: [] });

    // 30 more ticks with ids of their own (seq 30..59): the next snapshots count them.
    await publishTicks(file.redis, SOURCE, 60, 1_000_000n);
    await waitFor(() => live.snapshots().some((snapshot) => snapshot.types.market_data.total === 60), {
      timeoutMs: 3_000,
      intervalMs: 10,
      description: 'a snapshot with the 30 new ticks',
    });
    const all = live.snapshots();
    const movedAt = all.findIndex((snapshot) => snapshot.types.market_data.total === 60);
    const [before, moved] = [all[movedAt - 1], all[movedAt]] as [MonitorSnapshot, MonitorSnapshot];
    expect(moved.types.market_data.ratePerSec).toBeCloseTo(
      (60 - before.types.market_data.total) / ((moved.at - before.at) / 1_000),
      1,
    );
    expect(moved.types.market_data.ratePerSec).toBeGreaterThan(0);
    // A second apart (REPLAY_MONITOR_INTERVAL_MS), not as fast as the loop could go.
    for (const [at, snapshot] of all.entries())
      if (at > 0) expect(snapshot.at - (all[at - 1] as MonitorSnapshot).at).toBeGreaterThanOrEqual(500);
    await live.close();
  });

  it('runs one snapshot loop for every client, stopped with the last one and started again by the next', async () => {
    const service = await startReplayService({ url: file.server.url, ...SOURCE });
    const one = await openLive(service.api);
    const two = await openLive(service.api);
    // Both have had the same frames since the second joined: the same snapshots, not one each.
    const shared = await waitFor(
      () => {
        const seen = new Set(two.snapshots().map((snapshot) => snapshot.at));
        const common = one.snapshots().filter((snapshot) => seen.has(snapshot.at));
        return common.length >= 2 && common;
      },
      { timeoutMs: 5_000, description: 'two snapshots both clients received' },
    );
    expect(shared.length).toBeGreaterThanOrEqual(2);
    expect(loopsStarted(service)).toBe(1);
    expect(await metric(service.api, 'tickflow_monitor_loops')).toBe(1);
    expect(await metric(service.api, 'tickflow_monitor_clients')).toBe(2);

    await one.close();
    await two.close();
    await service.waitForLog('monitor loop stopped', { timeoutMs: 5_000 });
    expect(await metric(service.api, 'tickflow_monitor_clients')).toBe(0);
    expect(await metric(service.api, 'tickflow_monitor_loops')).toBe(0);

    const three = await openLive(service.api);
    await waitFor(() => three.snapshots().length >= 1, { timeoutMs: 2_000, description: 'a snapshot again' });
    expect(loopsStarted(service)).toBe(2);
    await three.close();
  });

  it('keeps an idle stream alive with heartbeat comments between snapshots', async () => {
    const service = await startReplayService({
      url: file.server.url,
      ...SOURCE,
      env: { REPLAY_MONITOR_INTERVAL_MS: '60000', REPLAY_MONITOR_HEARTBEAT_MS: '200' },
    });
    const live = await openLive(service.api);
    await waitFor(() => live.frames.filter((frame) => frame.comment === 'heartbeat').length >= 2, {
      timeoutMs: 5_000,
      description: 'two heartbeats',
    });
    // One snapshot at the start, the next a minute away: the heartbeats came in between.
    expect(live.snapshots()).toHaveLength(1);
    await live.close();
  });

  it('shows a replay running in the service, and ends the streams when the service stops', async () => {
    const service = await startReplayService({ url: file.server.url, ...SOURCE });
    const run = await expectStatus<{ id: string }>(
      202,
      call(service.api, 'POST', '/replays', { body: { types: 'md', speed: 'step' } }),
    );
    const live = await openLive(service.api);
    const shown = await waitFor(
      () => live.snapshots().find((snapshot) => snapshot.replays.some((progress) => progress.id === run.id)),
      { timeoutMs: 5_000, description: 'the run in a snapshot' },
    );
    expect(shown.replays).toMatchObject([{ id: run.id, state: 'running', speed: 'step', total: 60 }]);

    expect(await service.stop()).toBe(0);
    await live.ended;
    expect(service.logLines().map((line) => line.msg)).toContain('monitor loop stopped');
  });
});
