// `tickflow partitions`: each partition's hash tag and Redis Cluster slot, and with --masters
// the master serving it and how many partitions of each type every master holds — to check
// that a cluster spreads them fairly (docs/decisions/0028-partition-hash-tags.md). Without
// --masters it needs no Redis: the tags follow from the namespace and partition count.
import {
  assertNamespace,
  type EventType,
  hashTagOf,
  keySlot,
  partitionKeys,
  partitionTargetSlot,
} from '@tickflow/events';
import { BadInputError, parseTypes } from '@tickflow/replay';
import type { RedisClient } from '@tickflow/streams';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { table } from '../format/table.ts';

interface PartitionSlot {
  readonly partition: number;
  readonly type: EventType;
  readonly tag: string;
  readonly stream: string;
  /** The slot the tag was chosen to land near (its suffix puts it at most 15 slots after). */
  readonly target: number;
  readonly slot: number;
  /** `host:port` of the master serving the slot (with --masters). */
  readonly master?: string;
}

interface MasterShare {
  readonly master: string;
  /** Its slot ranges, `from-to`. */
  readonly slots: readonly string[];
  /** How many of the listed partitions of each type it serves. */
  readonly partitions: Partial<Record<EventType, number>>;
}

interface PartitionsReport {
  readonly namespace: string;
  readonly partitions: number;
  readonly tags: readonly PartitionSlot[];
  readonly masters?: readonly MasterShare[];
}

interface SlotRange {
  readonly from: number;
  readonly to: number;
  readonly master: string;
}

const EXAMPLES = `
Examples:
  $ tickflow -n live --partitions 16 partitions
  $ tickflow --redis-url redis+cluster://10.0.0.1:6379 partitions --masters
  $ tickflow --partitions 8 partitions --types md --masters --json`;

export function registerPartitionsCommand(program: Command, define: Define): void {
  program
    .command('partitions')
    .description("each partition's hash tag and cluster slot; with --masters, which master serves it")
    .option('--types <list>', 'event types to list (default all)')
    .option('--masters', 'ask the Redis (a cluster, or any of its nodes) which master serves each slot')
    .addHelpText('after', EXAMPLES)
    .action(
      define(async (context, flags: { types?: string; masters?: boolean }) => {
        const { namespace, partitions } = context.scope;
        try {
          assertNamespace(namespace);
        } catch (error) {
          throw new BadInputError('--namespace', (error as Error).message);
        }
        const types = parseTypes(flags.types);
        let tags = partitionSlots(namespace, partitions, types);
        let masters: MasterShare[] | undefined;
        if (flags.masters) {
          const ranges = await slotRanges(await context.redis());
          tags = tags.map((row) => ({ ...row, master: masterOf(ranges, row.slot) }));
          masters = sharesOf(ranges, tags, types);
        }
        const report: PartitionsReport = { namespace, partitions, tags, ...(masters ? { masters } : {}) };
        context.print(report, reportText);
      }),
    );
}

function partitionSlots(namespace: string, partitions: number, types: readonly EventType[]): PartitionSlot[] {
  return Array.from({ length: partitions }, (_, partition) =>
    types.map((type) => {
      const stream = partitionKeys(namespace, type, partition).stream;
      return {
        partition,
        type,
        tag: hashTagOf(stream),
        stream,
        target: partitionTargetSlot(partition),
        slot: keySlot(stream),
      };
    }),
  ).flat();
}

/** CLUSTER SLOTS: every slot range and the `host:port` of its master. */
async function slotRanges(redis: RedisClient): Promise<SlotRange[]> {
  let reply: unknown;
  try {
    reply = await redis.cluster('SLOTS');
  } catch (error) {
    const message = (error as Error).message;
    if (/cluster support disabled/i.test(message)) {
      throw new BadInputError('--masters', 'this Redis is not a cluster: one server serves every slot');
    }
    throw error;
  }
  return (reply as [number, number, [string, number, ...unknown[]], ...unknown[]][])
    .map(([from, to, [host, port]]) => ({ from, to, master: `${host}:${port}` }))
    .sort((a, b) => a.from - b.from);
}

function masterOf(ranges: readonly SlotRange[], slot: number): string {
  return ranges.find(({ from, to }) => slot >= from && slot <= to)?.master ?? '(no master: slot not served)';
}

function sharesOf(
  ranges: readonly SlotRange[],
  tags: readonly PartitionSlot[],
  types: readonly EventType[],
): MasterShare[] {
  const masters = [...new Set(ranges.map((range) => range.master))];
  return masters.map((master) => ({
    master,
    slots: ranges.filter((range) => range.master === master).map(({ from, to }) => `${from}-${to}`),
    partitions: Object.fromEntries(
      types.map((type) => [type, tags.filter((row) => row.type === type && row.master === master).length]),
    ),
  }));
}

function reportText(report: PartitionsReport): string {
  const withMasters = report.masters !== undefined;
  const lines = [
    `namespace ${report.namespace}, ${report.partitions} partitions: the hash tag and slot of each`,
    '',
    table(report.tags, [
      { title: 'PARTITION', cell: (row: PartitionSlot) => String(row.partition), align: 'right' },
      { title: 'TYPE', cell: (row) => row.type },
      { title: 'TAG', cell: (row) => `{${row.tag}}` },
      { title: 'TARGET', cell: (row) => String(row.target), align: 'right' },
      { title: 'SLOT', cell: (row) => String(row.slot), align: 'right' },
      ...(withMasters ? [{ title: 'MASTER', cell: (row: PartitionSlot) => row.master ?? '' }] : []),
    ]),
  ];
  if (report.masters !== undefined) {
    const types = [...new Set(report.tags.map((row) => row.type))];
    lines.push(
      '',
      'partitions per master:',
      table(report.masters, [
        { title: 'MASTER', cell: (share: MasterShare) => share.master },
        { title: 'SLOTS', cell: (share) => share.slots.join(',') },
        ...types.map((type) => ({
          title: type.toUpperCase(),
          cell: (share: MasterShare) => String(share.partitions[type] ?? 0),
          align: 'right' as const,
        })),
      ]),
    );
  }
  return lines.join('\n');
}
