// Hand-made series as Prometheus stores replay-service's observer gauges
// (services/replay-service/src/monitor/observer-metrics.ts): the names it exports, its labels
// (`type`, `partition`, and `group` for a group's figures), the kit's default label `service`
// (packages/service/src/metrics.ts), and the target labels a pod scrape adds (`namespace`,
// `pod`, `instance`, `job`). Where Redis reports a group's lag as NULL (after XDEL/XTRIM) the
// observer exports no lag series at all, never a guessed 0; the group's pending series stays.

/** One `input_series` entry of a promtool rule test. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** The scrape target the observer's series come from: replay-service's pod. */
export interface ObserverPod {
  readonly namespace: string;
  readonly pod: string;
  readonly ip: string;
}

/** A consumer group's figures on one partition stream, as the observer reads them. */
export interface PartitionFigures {
  readonly partition: number;
  /** XLEN of the partition stream. */
  readonly length: number;
  /** XINFO GROUPS `lag`; undefined where Redis says NULL (the observer then has no series). */
  readonly lag: number | undefined;
  /** Delivered to the group and not acked. */
  readonly pending: number;
}

export const STREAM_LENGTH = 'tickflow_stream_length_entries';
export const GROUP_LAG = 'tickflow_group_lag_entries';
export const GROUP_PENDING = 'tickflow_group_pending_entries';

/** One observer pod in `namespace`; `generation` tells a restarted pod from its predecessor. */
export function observerPod(namespace: string, generation = 0): ObserverPod {
  return { namespace, pod: `replay-service-6c9f7d${generation}b-q2x7k`, ip: `10.42.1.${10 + generation}` };
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',')}}`;
}

/** A gauge held at `value` over the whole test window (15 samples a minute apart). */
function gauge(name: string, own: Record<string, string>, value: number, pod: ObserverPod): InputSeries {
  const labels = {
    ...own,
    service: 'replay-service',
    namespace: pod.namespace,
    pod: pod.pod,
    instance: `${pod.ip}:8080`,
    job: 'kubernetes-pods',
  };
  return { series: `${name}${labelText(labels)}`, values: `${value}x15` };
}

/** Stream lengths and one group's lag and pending per partition, as one observer scrape has them. */
export function groupSeries(
  type: string,
  group: string,
  figures: readonly PartitionFigures[],
  pod: ObserverPod,
): InputSeries[] {
  return figures.flatMap(({ partition, lag, pending }) => {
    const labels = { type, partition: String(partition), group };
    return [
      ...(lag === undefined ? [] : [gauge(GROUP_LAG, labels, lag, pod)]),
      gauge(GROUP_PENDING, labels, pending, pod),
    ];
  });
}

/** The observer's length series of the partition streams of `type`. */
export function lengthSeries(
  type: string,
  figures: readonly PartitionFigures[],
  pod: ObserverPod,
): InputSeries[] {
  return figures.map(({ partition, length }) =>
    gauge(STREAM_LENGTH, { type, partition: String(partition) }, length, pod),
  );
}

/** `count` partitions, each given its figures by `figure(partition)`. */
export function partitions(
  count: number,
  figure: (partition: number) => Omit<PartitionFigures, 'partition'>,
): PartitionFigures[] {
  return Array.from({ length: count }, (_, partition) => ({ partition, ...figure(partition) }));
}

/** The backlog one group's figures stand for: lag plus pending, the length where the lag is NULL. */
export function backlogOf(figures: readonly PartitionFigures[]): number {
  return figures.reduce((sum, { length, lag, pending }) => sum + (lag ?? length) + pending, 0);
}
