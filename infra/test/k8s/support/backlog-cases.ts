// The situations a consumer's backlog query must get right, as the observer's series for one
// consumer service, each with the backlog KEDA must read (or no answer at all).
import {
  backlogOf,
  groupSeries,
  type InputSeries,
  lengthSeries,
  observerPod,
  type PartitionFigures,
  partitions,
} from './observer-series.ts';

/** TICKFLOW_PARTITIONS in both overlays. */
export const PARTITIONS = 8;

/** What a consumer's trigger reads. */
export interface Consumer {
  /** The Kubernetes namespace its replay-service (the observer) runs in. */
  readonly namespace: string;
  /** The event type whose partition streams its group reads. */
  readonly type: string;
  /** The groups its backlog counts: its own, and signal-engine's per-strategy groups. */
  readonly groups: readonly string[];
  /** Other groups on the same streams, some with look-alike names: never counted. */
  readonly others: readonly string[];
}

export interface BacklogCase {
  readonly name: string;
  readonly series: readonly InputSeries[];
  /** What the query must answer; undefined: nothing at all. */
  readonly backlog: number | undefined;
}

// The stream each consumer reads (its main.ts); a generated strategy service reads market data.
const STREAM_TYPE: Readonly<Record<string, string>> = {
  'signal-engine': 'market_data',
  'order-router': 'signal',
  'fill-recorder': 'fill',
};

/** The consumer a ScaledObject scales: its Deployment's name is its group's (decision 0023). */
export function consumerOf(target: string, namespace: string): Consumer {
  // SIGNAL_GROUPING=per-strategy runs a group per strategy, `signal-engine.<id>`.
  const perStrategy = target === 'signal-engine';
  return {
    namespace,
    type: STREAM_TYPE[target] ?? 'market_data',
    groups: perStrategy ? [target, `${target}.momentum`] : [target],
    others: [
      `${target}-shadow`,
      `x${target}`,
      'strategy-momentum',
      ...(perStrategy ? [] : [`${target}.momentum`]),
    ],
  };
}

type Figures = (partition: number) => Omit<PartitionFigures, 'partition'>;

/** Lengths plus each listed group's figures, scraped from `pod`. */
function scrape(
  consumer: Consumer,
  groups: readonly [string, Figures][],
  pod = observerPod(consumer.namespace),
) {
  const [first] = groups;
  const lengths = first === undefined ? [] : partitions(PARTITIONS, first[1]);
  return [
    ...lengthSeries(consumer.type, lengths, pod),
    ...groups.flatMap(([group, figures]) =>
      groupSeries(consumer.type, group, partitions(PARTITIONS, figures), pod),
    ),
  ];
}

const total = (figures: Figures, groups: number) => groups * backlogOf(partitions(PARTITIONS, figures));

export function backlogCases(consumer: Consumer): BacklogCase[] {
  const { groups, others } = consumer;
  const [own = ''] = groups;
  const spread: Figures = (p) => ({ length: 50_000, lag: 100 * (p + 1), pending: p % 3 });
  // Partition 5: XDEL/XTRIM past the group's position, 3 entries still pending; partition 2:
  // trimmed to nothing. The other partitions are 10 behind with one entry pending.
  const lengths = [900, 900, 0, 900, 900, 4_000, 900, 900];
  const nullLag: Figures = (p) => ({
    length: lengths[p] ?? 0,
    lag: p === 5 || p === 2 ? undefined : 10,
    pending: p === 5 ? 3 : p === 2 ? 0 : 1,
  });
  const knownLag: Figures = (p) => ({ length: lengths[p] ?? 0, lag: 20, pending: 0 });
  const small: Figures = () => ({ length: 7_000, lag: 5, pending: 1 });
  const busy: Figures = (p) => ({ length: 7_000, lag: p === 3 ? undefined : 1_000, pending: 100 });
  const ours: Figures = (p) => ({ length: 3_000, lag: p === 2 ? undefined : 100, pending: 0 });
  const idle: Figures = () => ({ length: 3_000, lag: 0, pending: 0 });
  const theirs: Figures = (p) => ({ length: 10, lag: p === 0 ? 900 : p === 2 ? 20 : 50, pending: 0 });
  const steady: Figures = () => ({ length: 5_000, lag: 300, pending: 2 });
  const drained: Figures = () => ({ length: 20_000, lag: 0, pending: 0 });
  const each = (figures: Figures) => groups.map((group): [string, Figures] => [group, figures]);

  return [
    {
      name: 'sums lag and pending over the 8 partition streams (and every counted group)',
      series: scrape(consumer, each(spread)),
      backlog: total(spread, groups.length),
    },
    {
      // The per-strategy group (signal-engine) still knows its lag on partition 5: its own counts.
      name: 'counts the stream length where the lag is NULL (no lag series), plus its pending',
      series: scrape(consumer, [
        [own, nullLag],
        ...groups.slice(1).map((g): [string, Figures] => [g, knownLag]),
      ]),
      backlog: 4_000 + 3 + 0 + 6 * (10 + 1) + (groups.length - 1) * PARTITIONS * 20,
    },
    {
      name: "counts no other group's lag, pending or NULL-lag stream length",
      series: scrape(consumer, [...each(small), ...others.map((g): [string, Figures] => [g, busy])]),
      backlog: total(small, groups.length),
    },
    {
      // No namespace matcher (decision 0023: add one if environments share a Prometheus): per
      // series the larger of the two environments counts, never their sum — 900 on partition
      // 0, and the other's known lag of 20 on partition 2 hides our NULL lag (length 3000).
      name: "takes another Kubernetes namespace's observer series as its own (per-partition max)",
      series: [
        ...scrape(consumer, [[own, ours], ...groups.slice(1).map((g): [string, Figures] => [g, idle])]),
        ...scrape(consumer, [[own, theirs]], observerPod('tickflow-staging')),
      ],
      backlog: 900 + 100 + 20 + 5 * 100,
    },
    {
      // Until Prometheus marks the old pod's series stale, both pods' series are there.
      name: "counts a restarted observer's series once",
      series: [
        ...scrape(consumer, each(steady)),
        ...scrape(consumer, each(steady), observerPod(consumer.namespace, 1)),
      ],
      backlog: total(steady, groups.length),
    },
    {
      name: 'answers 0 for an empty backlog (streams keep their acked entries)',
      series: scrape(consumer, each(drained)),
      backlog: 0,
    },
    {
      name: 'answers nothing without observer series (replay-service or its scrape down)',
      series: [],
      backlog: undefined,
    },
    {
      // The consumer creates its group when it starts; until then the group has no series.
      name: 'answers nothing before the group exists, whatever the streams and other groups hold',
      series: scrape(
        consumer,
        others.map((g): [string, Figures] => [g, small]),
      ),
      backlog: undefined,
    },
  ];
}

/**
 * `backlog` entries spread over the partitions of the consumer's own group, the last partition
 * with a NULL lag (its length stands in); every other counted group idle.
 */
export function spreadBacklog(consumer: Consumer, backlog: number): readonly InputSeries[] {
  const share = Math.floor(backlog / PARTITIONS);
  const last = PARTITIONS - 1;
  const rest = backlog - last * share;
  const own: Figures = (p) =>
    p === last ? { length: rest, lag: undefined, pending: 0 } : { length: share, lag: share, pending: 0 };
  const idle: Figures = (p) => ({ length: p === last ? rest : share, lag: 0, pending: 0 });
  const [first = '', ...more] = consumer.groups;
  return scrape(consumer, [[first, own], ...more.map((g): [string, Figures] => [g, idle])]);
}
