// Pipelines on Redis Cluster. ioredis refuses a cluster pipeline whose keys are not all served
// by one node ("All keys in the pipeline should belong to the same slots allocation group"),
// and the runtime's pipelines span partitions (a publish flush, a monitor's sweep over every
// stream). So on a Cluster client `pipeline()` returns this one: it records the calls, and
// exec() sends one real pipeline per slot — written at once, side by side — then hands the
// replies back in call order, as one pipeline would. Calls of one slot keep their order (one
// partition's publishes stay in order); calls of different slots were never ordered across
// nodes anyway. Not a transaction, exactly like the pipeline it replaces.
import { type Cluster, Command } from 'ioredis';
import { keySlot } from './cluster-slots.ts';
import type { PipelineReplies } from './pipeline-reply.ts';

type Call = readonly [method: string, args: unknown[]];
type AnyPipeline = Record<string, (...args: unknown[]) => unknown> & { exec(): Promise<PipelineReplies> };

/** Commands without keys (TIME, INFO): sent with the slot-less group to any node. */
const NO_SLOT = -1;

/** Replaces `cluster.pipeline()` (without arguments) by the slot-splitting pipeline. */
export function splitPipelinesBySlot(cluster: Cluster): void {
  const single = cluster.pipeline.bind(cluster);
  const pipeline = (commands?: unknown[][]) =>
    commands === undefined
      ? slotSplittingPipeline(cluster, () => single() as unknown as AnyPipeline)
      : single(commands as never);
  Object.defineProperty(cluster, 'pipeline', { value: pipeline, configurable: true, writable: true });
}

function slotSplittingPipeline(cluster: Cluster, open: () => AnyPipeline): unknown {
  const calls: Call[] = [];
  const proxy: object = new Proxy(
    {},
    {
      get(_, property) {
        if (property === 'then') return undefined; // not a thenable
        if (property === 'length') return calls.length;
        if (property === 'exec') return () => execBySlot(cluster, open, calls);
        return (...args: unknown[]) => {
          calls.push([String(property), args]);
          return proxy;
        };
      },
    },
  );
  return proxy;
}

async function execBySlot(
  cluster: Cluster,
  open: () => AnyPipeline,
  calls: readonly Call[],
): Promise<PipelineReplies> {
  const bySlot = new Map<number, number[]>();
  calls.forEach(([method, args], index) => {
    const slot = slotOf(cluster, method, args);
    const positions = bySlot.get(slot);
    if (positions === undefined) bySlot.set(slot, [index]);
    else positions.push(index);
  });
  const replies: NonNullable<PipelineReplies> = new Array(calls.length);
  const sent = [...bySlot.values()].map(async (positions) => {
    const pipeline = open();
    for (const position of positions) {
      const [method, args] = calls[position] as Call;
      const command = pipeline[method];
      if (typeof command !== 'function') throw new TypeError(`pipeline has no command ${method}`);
      command.apply(pipeline, args);
    }
    const got = await pipeline.exec();
    positions.forEach((position, at) => {
      replies[position] = got?.[at] ?? [new Error('no reply from the cluster pipeline'), null];
    });
  });
  // Like one pipeline: fails as a whole when a part could not be sent; waits for every part
  // first, so that no reply of a part sent is left unobserved.
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return replies;
}

/** The slot of a call's first key: a defined script's first KEYS, else what ioredis knows of the command. */
function slotOf(cluster: Cluster, method: string, args: unknown[]): number {
  // `pipeline.call('XINFO', 'STREAM', key)`: the command is the first argument.
  if (method === 'call' || method === 'callBuffer') return slotOf(cluster, String(args[0]), args.slice(1));
  const name = method.endsWith('Buffer') ? method.slice(0, -'Buffer'.length) : method;
  const script = (cluster as unknown as { scriptsSet?: Record<string, { numberOfKeys?: number }> })
    .scriptsSet?.[name];
  let key: unknown;
  if (script !== undefined) key = (script.numberOfKeys ?? 0) > 0 ? args[0] : undefined;
  else key = new Command(name, args.flat() as (string | number | Buffer)[]).getKeys()[0];
  if (key === undefined || key === null) return NO_SLOT;
  return keySlot(Buffer.isBuffer(key) ? key.toString('utf8') : String(key));
}
