// A dead letter's reference, unique in a scope: `<stream tag>:<partition>:<dead-letter id>`
// (e.g. `md:3:1733412345678-0`), short enough to type and to pass in a URL. Also the order
// of all dead letters of a scope (by dead-letter id, then type, then partition), which pages
// and cursors follow, and the selection of partition streams a call looks at.
import { EVENT_SPECS, EVENT_TYPES, type EventType, isEventType, partitionKeys } from '@tickflow/events';
import { DEAD_LETTER_KINDS, type DeadLetterKind } from '@tickflow/streams';
import { compareEntryIds, isEntryId } from '../entry-ids.ts';
import { BadInputError } from '../errors.ts';
import { allPartitions, type Scope } from '../scope.ts';

export interface DeadLetterRef {
  readonly type: EventType;
  readonly partition: number;
  /** The dead-letter entry's own id. */
  readonly id: string;
}

const REF = /^([a-z]+):(0|[1-9]\d{0,4}):(\d+-\d+)$/;

/** The ref of a dead letter, e.g. `md:3:1733412345678-0`. */
export function formatRef({ type, partition, id }: DeadLetterRef): string {
  return `${EVENT_SPECS[type].streamTag}:${partition}:${id}`;
}

/** Reads a ref given by a user; BadInputError naming `parameter` when it is not one of `scope`. */
export function parseRef(parameter: string, ref: unknown, scope: Scope): DeadLetterRef {
  const match = typeof ref === 'string' ? REF.exec(ref) : null;
  const type = EVENT_TYPES.find((t) => EVENT_SPECS[t].streamTag === match?.[1]);
  const id = match?.[3] ?? '';
  if (match === null || type === undefined || !isEntryId(id)) {
    const tags = EVENT_TYPES.map((t) => EVENT_SPECS[t].streamTag).join('|');
    throw new BadInputError(
      parameter,
      `${JSON.stringify(ref)} is not a dead-letter reference <${tags}>:<partition>:<entry id>`,
    );
  }
  const partition = Number(match[2]);
  if (partition >= scope.partitions) {
    throw new BadInputError(
      parameter,
      `${ref} names partition ${partition}, but ${scope.namespace} has ${scope.partitions}`,
    );
  }
  return { type, partition, id };
}

/** Scope order: by dead-letter id (when the move happened), then event type, then partition. */
export function compareRefs(a: DeadLetterRef, b: DeadLetterRef): number {
  return (
    compareEntryIds(a.id, b.id) ||
    EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type) ||
    a.partition - b.partition
  );
}

/** The partition streams a call looks at, in scope order. */
export interface StreamSelection {
  readonly types?: readonly EventType[] | undefined;
  readonly partitions?: readonly number[] | undefined;
}

export function selectPartitions(
  scope: Scope,
  { types, partitions }: StreamSelection,
): { type: EventType; partition: number }[] {
  for (const type of types ?? []) {
    if (!isEventType(type)) {
      throw new BadInputError('types', `${JSON.stringify(type)} is not one of ${EVENT_TYPES.join(', ')}`);
    }
  }
  for (const partition of partitions ?? []) {
    if (!Number.isInteger(partition) || partition < 0 || partition >= scope.partitions) {
      throw new BadInputError(
        'partitions',
        `${JSON.stringify(partition)} is not a partition of ${scope.namespace} (0 to ${scope.partitions - 1})`,
      );
    }
  }
  const wanted = new Set(partitions ?? allPartitions(scope));
  return EVENT_TYPES.filter((type) => types === undefined || types.includes(type)).flatMap((type) =>
    allPartitions(scope)
      .filter((partition) => wanted.has(partition))
      .map((partition) => ({ type, partition })),
  );
}

/** Throws BadInputError unless every kind is a dead-letter kind. */
export function checkKinds(kinds: readonly DeadLetterKind[] | undefined): void {
  for (const kind of kinds ?? []) {
    if (!DEAD_LETTER_KINDS.includes(kind)) {
      throw new BadInputError(
        'kinds',
        `${JSON.stringify(kind)} is not one of ${DEAD_LETTER_KINDS.join(', ')}`,
      );
    }
  }
}

/** The keys of the partition a ref points into. */
export function keysOf(scope: Scope, ref: Pick<DeadLetterRef, 'type' | 'partition'>) {
  return partitionKeys(scope.namespace, ref.type, ref.partition);
}
