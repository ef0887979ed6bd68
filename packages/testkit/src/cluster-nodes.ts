// What one node of a local Redis Cluster believes about the cluster right now: its
// `CLUSTER NODES` (who is master of which slots, who replicates whom, who is failing) and
// its `CLUSTER INFO` state. Asked over a fresh raw connection (resp-client.ts), not through a
// cluster client, which would follow redirections and so hide what each node says.
import { TestkitOptionError } from './errors.ts';
import type { RedisCluster, RedisClusterNode } from './redis-cluster.ts';
import { type RespTarget, sendRespCommands } from './resp-client.ts';

/** An inclusive range of hash slots. */
export type SlotRange = readonly [from: number, to: number];

/** One line of `CLUSTER NODES`. */
export interface ClusterNodeLine {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** `myself`, `master`, `slave`, `fail?`, `fail`, `handshake`, `noaddr`, `nofailover`, `noflags`. */
  readonly flags: readonly string[];
  /** The master's id for a replica; undefined for a master. */
  readonly masterId: string | undefined;
  /** The slots it serves (importing/migrating markers left out). */
  readonly slots: readonly SlotRange[];
}

/** One node's view: its `CLUSTER NODES` lines and `CLUSTER INFO` fields. */
export interface ClusterView {
  readonly lines: readonly ClusterNodeLine[];
  readonly info: ReadonlyMap<string, string>;
}

/** A master as the cluster sees it, with where it runs in the testkit's cluster. */
export interface ClusterMaster {
  readonly id: string;
  readonly node: RedisClusterNode;
  /** Its index in `cluster.servers` / `cluster.nodes`. */
  readonly serverIndex: number;
  readonly slots: readonly SlotRange[];
  /** Its replicas that are not flagged failing, with their server indexes. */
  readonly replicas: readonly { readonly id: string; readonly serverIndex: number }[];
}

/**
 * Which master: its place among the masters ordered by their lowest slot (0 serves slot 0),
 * the master serving a slot, or the master serving a key's slot.
 */
export type MasterSelector = number | { readonly slot: number } | { readonly key: string };

const PROBE_TIMEOUT_MS = 2_000;

/** Parses the text of `CLUSTER NODES`. */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', address = '', flags = '', master = '-', , , , , ...slots] = line.split(' ');
      // `host:port@busport[,hostname]`
      const hostPort = address.split('@')[0] ?? '';
      const colon = hostPort.lastIndexOf(':');
      return {
        id,
        host: hostPort.slice(0, colon),
        port: Number(hostPort.slice(colon + 1)),
        flags: flags.split(','),
        masterId: master === '-' ? undefined : master,
        slots: slots.filter((slot) => !slot.startsWith('[')).map(parseSlotRange),
      };
    });
}

function parseSlotRange(text: string): SlotRange {
  const [from, to = from] = text.split('-').map(Number) as [number, number?];
  return [from, to];
}

/** Parses the text of `CLUSTER INFO` (or any `INFO`-style reply) into fields. */
export function parseInfo(text: string): Map<string, string> {
  const info = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) info.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return info;
}

/** Sends one command to one node and returns its bulk or simple reply; throws on an error reply. */
export async function askNode(target: RespTarget, command: readonly string[]): Promise<string> {
  const [reply] = await askNodeAll(target, [command]);
  return reply as string;
}

/**
 * Sends `commands` to one node over one connection (pollers ask every node every 100 ms: a
 * connection per command would multiply that) and returns their replies in order.
 */
async function askNodeAll(target: RespTarget, commands: readonly (readonly string[])[]): Promise<string[]> {
  const replies = await sendRespCommands(target, commands, PROBE_TIMEOUT_MS);
  return commands.map((command, at) => {
    const reply = replies[at];
    if (reply?.kind === 'error')
      throw new Error(`${command.join(' ')} on port ${target.port}: ${reply.message}`);
    if (reply?.kind === 'bulk' && reply.value !== null) return reply.value;
    if (reply?.kind === 'simple' || reply?.kind === 'integer') return String(reply.value);
    throw new Error(
      `Unexpected reply to ${command.join(' ')} from port ${target.port}: ${JSON.stringify(reply)}`,
    );
  });
}

/** What `target` believes about the cluster. */
export async function readClusterView(target: RespTarget): Promise<ClusterView> {
  const [nodes = '', info = ''] = await askNodeAll(target, [
    ['CLUSTER', 'NODES'],
    ['CLUSTER', 'INFO'],
  ]);
  return { lines: parseClusterNodes(nodes), info: parseInfo(info) };
}

/** Indexes of the servers whose process runs (a killed node is left out). */
export function liveServerIndexes(cluster: RedisCluster): number[] {
  return cluster.servers.flatMap((server, index) => (server.pid === undefined ? [] : [index]));
}

/** The masters (serving slots, not failing) in `view`, ordered by their lowest slot. */
export function mastersInView(cluster: RedisCluster, view: ClusterView): ClusterMaster[] {
  const serverIndex = (port: number) => cluster.nodes.findIndex((node) => node.port === port);
  const failing = (line: ClusterNodeLine) => line.flags.includes('fail') || line.flags.includes('fail?');
  return view.lines
    .filter((line) => line.flags.includes('master') && !failing(line) && line.slots.length > 0)
    .map((line) => ({
      id: line.id,
      node: cluster.nodes[serverIndex(line.port)] as RedisClusterNode,
      serverIndex: serverIndex(line.port),
      slots: [...line.slots].sort((a, b) => a[0] - b[0]),
      replicas: view.lines
        .filter((replica) => replica.masterId === line.id && !failing(replica))
        .map((replica) => ({ id: replica.id, serverIndex: serverIndex(replica.port) })),
    }))
    .sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));
}

/** The current masters, as the first live node sees them, ordered by their lowest slot. */
export async function clusterMasters(cluster: RedisCluster): Promise<ClusterMaster[]> {
  const first = liveServerIndexes(cluster)[0];
  if (first === undefined) throw new TestkitOptionError('no node of the cluster is running');
  return mastersInView(cluster, await readClusterView(cluster.nodes[first] as RedisClusterNode));
}

/** The master `selector` names among `masters`. */
export async function selectMaster(
  cluster: RedisCluster,
  masters: readonly ClusterMaster[],
  selector: MasterSelector,
): Promise<ClusterMaster> {
  let slot: number | undefined;
  if (typeof selector === 'object' && 'key' in selector) {
    const first = cluster.nodes[liveServerIndexes(cluster)[0] ?? 0] as RedisClusterNode;
    slot = Number(await askNode(first, ['CLUSTER', 'KEYSLOT', selector.key]));
  } else if (typeof selector === 'object') slot = selector.slot;
  const found =
    slot === undefined
      ? masters[selector as number]
      : masters.find((master) => master.slots.some(([from, to]) => slot >= from && slot <= to));
  if (found === undefined) {
    throw new TestkitOptionError(`no master for ${JSON.stringify(selector)} among ${masters.length} masters`);
  }
  return found;
}

/**
 * Empty when every live node sees every live node without slots as a replica, and every
 * master's replicas are attached and synced (`state=online`); else what is not yet so.
 * Right after a cluster is formed its replicas may still be loading their first copy, and a
 * failover then has no replica to promote.
 */
export async function replicasNotInSync(cluster: RedisCluster): Promise<string> {
  const live = liveServerIndexes(cluster);
  const livePorts = new Set(live.map((i) => cluster.nodes[i]?.port));
  for (const index of live) {
    const node = cluster.nodes[index] as RedisClusterNode;
    // One connection per node: its replication section is asked for even if it is no master.
    const [nodes = '', replicationText = ''] = await askNodeAll(node, [
      ['CLUSTER', 'NODES'],
      ['INFO', 'replication'],
    ]);
    const lines = parseClusterNodes(nodes);
    for (const line of lines) {
      if (!livePorts.has(line.port) || line.slots.length > 0 || line.flags.includes('slave')) continue;
      return `port ${node.port} does not see port ${line.port} as a replica yet`;
    }
    const myself = lines.find((line) => line.flags.includes('myself'));
    if (!myself?.flags.includes('master')) continue;
    const replicas = lines.filter((line) => line.masterId === myself.id && livePorts.has(line.port));
    const replication = parseInfo(replicationText);
    const online = [...replication].filter(
      ([field, value]) => /^slave\d+$/.test(field) && value.includes('state=online'),
    );
    if (online.length < replicas.length)
      return `port ${node.port}: ${online.length} of its ${replicas.length} replicas synced`;
  }
  return '';
}

/** Whether `slots` and `other` cover the same slots. */
export function sameSlots(slots: readonly SlotRange[], other: readonly SlotRange[]): boolean {
  const key = (ranges: readonly SlotRange[]) =>
    [...ranges]
      .sort((a, b) => a[0] - b[0])
      .map(([from, to]) => `${from}-${to}`)
      .join(',');
  return key(slots) === key(other);
}
