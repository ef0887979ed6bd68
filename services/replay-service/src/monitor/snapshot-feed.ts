// One snapshot loop for every viewer of GET /live: each tick takes one snapshot and writes the
// same frame to every connected client, so ten open tabs cost Redis what one does. The loop
// runs only while someone watches (started by the first client, stopped with the last), keeps
// its cadence however long a snapshot takes (the next starts `intervalMs` after the previous
// one started, never two at once), and a heartbeat comment keeps idle proxies from cutting
// the connections. A client whose socket is still full skips a frame rather than buffering:
// every snapshot is the whole state, so the next one replaces it.
import type { MonitorSnapshot } from '@tickflow/replay';
import type { Logger } from '@tickflow/service';
import { Counter, Gauge, type Registry } from 'prom-client';

/** The part of a ServerResponse the feed writes to. */
export interface FeedClient {
  write(chunk: string): boolean;
  end(): void;
  readonly writableNeedDrain: boolean;
}

export interface SnapshotFeedOptions {
  readonly snapshot: () => Promise<MonitorSnapshot>;
  readonly intervalMs: number;
  /** Default 15,000 ms. */
  readonly heartbeatMs?: number;
  readonly logger: Logger;
  readonly registry: Registry;
}

export interface SnapshotFeed {
  /** Starts sending to `client` (the latest frame at once, if there is one); returns its removal. */
  add(client: FeedClient): () => void;
  /** Service shutdown: the loop stops and every client's response ends. */
  stop(): void;
}

export function createSnapshotFeed(options: SnapshotFeedOptions): SnapshotFeed {
  const { logger, intervalMs } = options;
  const clients = new Set<FeedClient>();
  const clientsGauge = new Gauge({
    name: 'tickflow_monitor_clients',
    help: 'Clients connected to GET /live.',
    registers: [options.registry],
  });
  const loopsGauge = new Gauge({
    name: 'tickflow_monitor_loops',
    help: 'Snapshot loops running (1 while anyone watches, however many clients).',
    registers: [options.registry],
  });
  const snapshots = new Counter({
    name: 'tickflow_monitor_snapshots_total',
    help: 'Monitor snapshots taken for GET /live.',
    registers: [options.registry],
  });
  interface Loop {
    timer: NodeJS.Timeout | undefined;
    readonly heartbeat: NodeJS.Timeout;
  }
  let loop: Loop | undefined;
  let latestFrame: string | undefined;
  let failing = false;
  let stopped = false;

  const broadcast = (frame: string) => {
    for (const client of clients) if (!client.writableNeedDrain) client.write(frame);
  };

  // `mine` is the loop this tick belongs to: a tick still in flight when its loop stopped (and
  // maybe a new one started) must neither send nor schedule another.
  const tick = async (mine: Loop): Promise<void> => {
    const startedAt = performance.now();
    try {
      const snapshot = await options.snapshot();
      snapshots.inc();
      if (failing) logger.info('monitor snapshots work again');
      failing = false;
      if (loop === mine) {
        latestFrame = `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
        broadcast(latestFrame);
      }
    } catch (error) {
      // Logged once per run of failures (Redis down would otherwise log every second).
      if (!failing) logger.warn({ err: error }, 'monitor snapshot failed; retrying every interval');
      failing = true;
    }
    if (loop === mine)
      mine.timer = setTimeout(
        () => void tick(mine),
        Math.max(0, intervalMs - (performance.now() - startedAt)),
      );
  };

  const start = () => {
    const mine: Loop = {
      timer: undefined,
      heartbeat: setInterval(() => broadcast(': heartbeat\n\n'), options.heartbeatMs ?? 15_000),
    };
    loop = mine;
    loopsGauge.set(1);
    logger.info({ intervalMs }, 'monitor loop started');
    void tick(mine);
  };

  const halt = () => {
    if (!loop) return;
    clearTimeout(loop.timer);
    clearInterval(loop.heartbeat);
    loop = undefined;
    latestFrame = undefined;
    loopsGauge.set(0);
    logger.info('monitor loop stopped');
  };

  return {
    add(client) {
      if (stopped) {
        client.end();
        return () => {};
      }
      clients.add(client);
      clientsGauge.set(clients.size);
      if (latestFrame !== undefined) client.write(latestFrame);
      if (!loop) start();
      return () => {
        if (!clients.delete(client)) return;
        clientsGauge.set(clients.size);
        if (clients.size === 0) halt();
      };
    },
    stop() {
      stopped = true;
      halt();
      for (const client of clients) client.end();
      clients.clear();
      clientsGauge.set(0);
    },
  };
}
