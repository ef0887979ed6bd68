// ACL key patterns, derived from the key builders of @tickflow/events rather than written
// by hand: each builder is called with sentinel values where the pattern has a wildcard, and
// the sentinels are then replaced by `*`. A change of the key layout in keys.ts therefore
// changes the ACL file (and the test comparing it with the committed one fails until it is
// regenerated). Redis' ACL globs treat `{` and `}` literally, so `tf:{*:md:*~*}` matches the
// stream `tf:{live:md:3~1303}` (partition 3, its tag's suffix 1303: decision 0028) and nothing
// that ends differently.
import {
  type EventType,
  groupKeys,
  ingestKeys,
  KEY_PREFIX,
  operatorKeys,
  type PartitionKeys,
  partitionKeys,
} from '@tickflow/events';

// Valid for the builders' checks, and in no real key part: each stands for a `*`.
const ANY_NAMESPACE = 'zzaclanynamespacezz';
const ANY_GROUP = 'ZZaclAnyGroupZZ';
const ANY_SOURCE = 'ZZaclAnySourceZZ';
const ANY_PARTITION = 65_535;

/** `key` with every sentinel replaced by `*`. Throws if a sentinel survived in another form. */
function toPattern(key: string): string {
  const pattern = key
    .replaceAll(ANY_NAMESPACE, '*')
    .replaceAll(ANY_GROUP, '*')
    .replaceAll(ANY_SOURCE, '*')
    // The partition and the suffix of its hash tag, which partitionKeys chose for the sentinel.
    .replace(new RegExp(`:${ANY_PARTITION}~\\d+\\}`, 'g'), ':*~*}');
  if (/zzaclany|ZZaclAny|:65535[~}]/.test(pattern))
    throw new Error(`a sentinel is left in the ACL pattern ${pattern}`);
  return pattern;
}

/** Where a namespace's keys go: `*` (any namespace) or one namespace, e.g. `live`. */
export type NamespaceScope = '*' | (string & {});

const namespaceOf = (scope: NamespaceScope) => (scope === '*' ? ANY_NAMESPACE : scope);

/** Builds the pattern of one partition key of `type`, e.g. `(k) => k.checkpoint('fill-recorder')`. */
export function partitionPattern(
  scope: NamespaceScope,
  type: EventType,
  pick: (keys: PartitionKeys) => string = (keys) => keys.stream,
): string {
  return toPattern(pick(partitionKeys(namespaceOf(scope), type, ANY_PARTITION)));
}

/** The pattern of a partition key that takes a group, for every group (`rewind` checkpoints any group's). */
export function anyGroupPattern(
  scope: NamespaceScope,
  type: EventType,
  pick: (keys: PartitionKeys, group: string) => string,
): string {
  return toPattern(pick(partitionKeys(namespaceOf(scope), type, ANY_PARTITION), ANY_GROUP));
}

/** The publish dedupe markers of `type`: the prefix (declared to publish.lua) and its bucket hashes. */
export function markerPattern(scope: NamespaceScope, type: EventType): string {
  return `${partitionPattern(scope, type, (keys) => keys.publishedMarkers)}*`;
}

export function groupPatterns(scope: NamespaceScope, group: string): { members: string; circuits: string } {
  const keys = groupKeys(namespaceOf(scope), group);
  return { members: toPattern(keys.members), circuits: toPattern(keys.circuits) };
}

export function anyGroupPatterns(scope: NamespaceScope): { members: string; circuits: string } {
  return groupPatterns(scope, ANY_GROUP);
}

export function operatorPatterns(scope: NamespaceScope): {
  audit: string;
  replayRuns: string;
  rewindUndo: string;
} {
  const keys = operatorKeys(namespaceOf(scope));
  return {
    audit: toPattern(keys.audit),
    replayRuns: toPattern(keys.replayRuns),
    rewindUndo: toPattern(keys.rewindUndo(ANY_GROUP)),
  };
}

export function ingestPatterns(scope: NamespaceScope): { deadLetter: string; progress: string } {
  const keys = ingestKeys(namespaceOf(scope));
  return { deadLetter: toPattern(keys.deadLetter), progress: toPattern(keys.progress(ANY_SOURCE)) };
}

/**
 * order-router's kill switch, `tf:{<ns>}:kill-switch` (services/order-router/src/kill-switch.ts
 * builds it; a service is not importable from here). The pipeline test under ACL users
 * fails if the two ever differ: the router could not read its switch.
 */
export function killSwitchPattern(scope: NamespaceScope): string {
  return toPattern(`${KEY_PREFIX}:{${namespaceOf(scope)}}:kill-switch`);
}

/** Every key of Tickflow, for readers of everything (the operator, the read-only user). */
export function everyKeyPattern(): string {
  return `${KEY_PREFIX}:*`;
}
