// Every Redis key Tickflow uses is built here, nowhere else. One partition's keys share the
// hash tag `{<namespace>:<tag>:<partition>~<suffix>}`, so its stream, dead letters,
// checkpoints and leases live in one Redis Cluster slot (Lua scripts may touch them together)
// while different partitions spread evenly over the slots: the suffix steers the tag's slot
// (partition-tag.ts, docs/decisions/0028-partition-hash-tags.md).
import { MAX_PARTITIONS } from './partition.ts';
import { partitionHashTag } from './partition-tag.ts';
import { EVENT_SPECS, EVENT_TYPES, type EventType } from './registry.ts';

export const KEY_PREFIX = 'tf';
const NAMESPACE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const GROUP = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The keys of one partition of one event type in one namespace. */
export interface PartitionKeys {
  readonly namespace: string;
  readonly type: EventType;
  readonly partition: number;
  /** The stream itself, e.g. `tf:{live:md:3~1303}`. */
  readonly stream: string;
  /** Entries that could not be processed, with their reason. */
  readonly deadLetter: string;
  /** Dead letters already requeued: hash of dead-letter entry id → the entry id it was requeued as. */
  readonly requeued: string;
  /** A consumer group's last applied entry (and handler state) for this partition. */
  checkpoint(group: string): string;
  /** The lease that makes one consumer of `group` this partition's only owner. */
  lease(group: string): string;
  /** Ids `group`'s handlers asked to remember for good (e.g. execution ids already applied). */
  remembered(group: string): string;
  /** The fencing-token counter of `group`'s lease: incremented on every new grant. */
  fence(group: string): string;
  /**
   * Prefix of the publish dedupe markers: hashes `<prefix>:<window ms>:<time bucket>` of
   * event id → entry id, for the events appended within the window (see publish.lua).
   */
  readonly publishedMarkers: string;
}

/** Keys of a consumer group that span partitions. */
export interface GroupKeys {
  /** Live members of the group (sorted set scored by last heartbeat, server time in ms). */
  readonly members: string;
  /** Circuit states its consumers report: hash of `<consumer>/<handler>` → JSON `{ state, at }`. */
  readonly circuits: string;
}

/** Throws RangeError unless `namespace` is 1-32 of [a-z0-9_-], starting alphanumeric. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new RangeError(
      `namespace must be 1-32 characters of a-z 0-9 _ - starting with a letter or digit, got "${namespace}"`,
    );
  }
}

/** Throws RangeError unless `group` is 1-64 of [A-Za-z0-9._-], starting alphanumeric. */
export function assertGroupName(group: string): void {
  if (!GROUP.test(group)) {
    throw new RangeError(
      `group name must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, got "${group}"`,
    );
  }
}

export function partitionKeys(namespace: string, type: EventType, partition: number): PartitionKeys {
  assertNamespace(namespace);
  if (!Number.isInteger(partition) || partition < 0 || partition >= MAX_PARTITIONS) {
    throw new RangeError(`partition must be an integer from 0 to ${MAX_PARTITIONS - 1}, got ${partition}`);
  }
  const stream = `${KEY_PREFIX}:{${partitionHashTag(namespace, EVENT_SPECS[type].streamTag, partition)}}`;
  const perGroup = (suffix: string) => (group: string) => {
    assertGroupName(group);
    return `${stream}:${suffix}:${group}`;
  };
  return {
    namespace,
    type,
    partition,
    stream,
    deadLetter: `${stream}:dlq`,
    requeued: `${stream}:dlq:requeued`,
    checkpoint: perGroup('ckpt'),
    lease: perGroup('lease'),
    fence: perGroup('fence'),
    remembered: perGroup('seen'),
    publishedMarkers: `${stream}:pub`,
  };
}

export function groupKeys(namespace: string, group: string): GroupKeys {
  assertNamespace(namespace);
  assertGroupName(group);
  return {
    members: `${KEY_PREFIX}:{${namespace}}:members:${group}`,
    circuits: `${KEY_PREFIX}:{${namespace}}:circuits:${group}`,
  };
}

/** Keys of the operator tools (replay-service, the CLI) in a namespace. */
export interface OperatorKeys {
  /** The operator audit log: a stream, one entry per mutating call. */
  readonly audit: string;
  /** Replay runs started from this namespace: hash of run id → the run's record (JSON). */
  readonly replayRuns: string;
  /** The positions a group had before its last rewind, so it can be undone (JSON string). */
  rewindUndo(group: string): string;
}

export function operatorKeys(namespace: string): OperatorKeys {
  assertNamespace(namespace);
  const prefix = `${KEY_PREFIX}:{${namespace}}`;
  return {
    audit: `${prefix}:audit`,
    replayRuns: `${prefix}:replay:runs`,
    rewindUndo: (group: string) => {
      assertGroupName(group);
      return `${prefix}:rewind:${group}`;
    },
  };
}

/** Keys of market-data ingest in a namespace. */
export interface IngestKeys {
  /** Records that failed validation: source, line, field, reason, raw text. */
  readonly deadLetter: string;
  /** The last line of `sourceId` that was published (so a re-run resumes after it). */
  progress(sourceId: string): string;
}

export function ingestKeys(namespace: string): IngestKeys {
  assertNamespace(namespace);
  const prefix = `${KEY_PREFIX}:{${namespace}}:ingest`;
  return {
    deadLetter: `${prefix}:dlq`,
    progress: (sourceId: string) => {
      if (!/^[\x21-\x7e]{1,200}$/.test(sourceId) || /[{}]/.test(sourceId)) {
        throw new RangeError(
          `source id must be 1-200 printable characters without spaces or braces, got "${sourceId}"`,
        );
      }
      return `${prefix}:progress:${sourceId}`;
    },
  };
}

// `~<suffix>`: TAG_SUFFIX_SEPARATOR, and the suffix is checked below by building the key again.
const STREAM_KEY = /^tf:\{([a-z0-9][a-z0-9_-]{0,31}):([a-z]+):(0|[1-9]\d{0,4})~(?:0|[1-9]\d{0,8})\}$/;

/**
 * The namespace, type and partition of a stream key, or undefined if it is not one: a key
 * whose suffix is not the one partitionKeys chooses is not a stream key either.
 */
export function parseStreamKey(
  key: string,
): { namespace: string; type: EventType; partition: number } | undefined {
  const match = STREAM_KEY.exec(key);
  if (!match) return undefined;
  const type = EVENT_TYPES.find((t) => EVENT_SPECS[t].streamTag === match[2]);
  const partition = Number(match[3]);
  if (type === undefined || partition >= MAX_PARTITIONS) return undefined;
  const namespace = match[1] as string;
  if (partitionKeys(namespace, type, partition).stream !== key) return undefined;
  return { namespace, type, partition };
}
