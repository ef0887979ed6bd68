// The Redis servers behind a URL, for the cluster scenario's per-server figures: one server
// for a single Redis, each master for a `redis+cluster://` URL. What each holds (used_memory),
// has spent (CPU), and which of them serves a stream.
import { isClusterUrl, keySlot } from '@tickflow/streams';
import { Cluster, type Redis } from 'ioredis';
import { rawAnyClient } from './redis.ts';

export interface Servers {
  /** The masters (the one server of a single Redis), in port order. */
  readonly nodes: readonly Redis[];
  /** `host:port` of each node. */
  readonly names: readonly string[];
  /** Index in `nodes` of the master serving `stream`. */
  ownerOf(stream: string): number;
  /** Empties every master. */
  flush(): Promise<void>;
  close(): void;
}

/** What one server has used at one moment. */
export interface ServerSample {
  /** INFO memory `used_memory`, bytes. */
  readonly usedMemory: number;
  /** INFO cpu `used_cpu_user` + `used_cpu_sys`, s. */
  readonly cpuSeconds: number;
}

export async function openServers(url: string): Promise<Servers> {
  const client = await rawAnyClient(url);
  if (!(client instanceof Cluster)) {
    const { host, port } = client.options;
    return {
      nodes: [client],
      names: [`${host}:${port}`],
      ownerOf: () => 0,
      flush: async () => void (await client.flushall()),
      close: () => client.disconnect(),
    };
  }
  const nodes = client.nodes('master').toSorted((a, b) => (a.options.port ?? 0) - (b.options.port ?? 0));
  const names = nodes.map((node) => `${node.options.host}:${node.options.port}`);
  return {
    nodes,
    names,
    ownerOf(stream) {
      const owner = client.slots[keySlot(stream)]?.[0];
      const index = owner === undefined ? -1 : names.indexOf(owner);
      if (index < 0) throw new Error(`no master known for ${stream} (slot owner ${owner})`);
      return index;
    },
    flush: async () => void (await Promise.all(nodes.map((node) => node.flushall()))),
    close: () => client.disconnect(),
  };
}

/** Whether `url` names a cluster (for labels). */
export const backendOf = (url: string): 'cluster' | 'single' => (isClusterUrl(url) ? 'cluster' : 'single');

export async function sample(servers: Servers): Promise<ServerSample[]> {
  return Promise.all(
    servers.nodes.map(async (node) => {
      const [memory, cpu] = await Promise.all([node.info('memory'), node.info('cpu')]);
      return {
        usedMemory: infoNumber(memory, 'used_memory'),
        cpuSeconds: infoNumber(cpu, 'used_cpu_user') + infoNumber(cpu, 'used_cpu_sys'),
      };
    }),
  );
}

/** Entries of `streams` held by each server (XLEN on the stream's master). */
export async function entriesPerServer(servers: Servers, streams: readonly string[]): Promise<number[]> {
  const counts = servers.nodes.map(() => 0);
  const lengths = await Promise.all(
    streams.map(async (stream) => {
      const owner = servers.ownerOf(stream);
      return { owner, length: await (servers.nodes[owner] as Redis).xlen(stream) };
    }),
  );
  for (const { owner, length } of lengths) counts[owner] = (counts[owner] ?? 0) + length;
  return counts;
}

/** A numeric field of an INFO reply; throws when it is missing (a wrong section asked). */
export function infoNumber(info: string, field: string): number {
  const match = new RegExp(`^${field}:([\\d.]+)\\r?$`, 'm').exec(info);
  if (!match) throw new Error(`INFO has no ${field}`);
  return Number(match[1]);
}

/** Per server and in all: bytes of memory and µs of CPU per entry between two samples. */
export interface PerEntry {
  readonly entries: readonly number[];
  readonly bytesPerEntry: readonly number[];
  readonly cpuUsPerEntry: readonly number[];
  readonly totalBytesPerEntry: number;
  readonly totalCpuUsPerEntry: number;
}

export function perEntry(
  before: readonly ServerSample[],
  after: readonly ServerSample[],
  entries: readonly number[],
): PerEntry {
  const memory = after.map((sampled, i) => sampled.usedMemory - (before[i]?.usedMemory ?? 0));
  const cpuUs = after.map((sampled, i) => (sampled.cpuSeconds - (before[i]?.cpuSeconds ?? 0)) * 1e6);
  const per = (values: readonly number[], i: number) => (values[i] ?? 0) / Math.max(1, entries[i] ?? 0);
  const total = entries.reduce((sum, count) => sum + count, 0);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    entries,
    bytesPerEntry: entries.map((_, i) => per(memory, i)),
    cpuUsPerEntry: entries.map((_, i) => per(cpuUs, i)),
    totalBytesPerEntry: sum(memory) / Math.max(1, total),
    totalCpuUsPerEntry: sum(cpuUs) / Math.max(1, total),
  };
}
