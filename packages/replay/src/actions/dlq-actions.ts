// Dead-letter requeue as the HTTP API and the CLI take it: raw parameters (lists as strings,
// a CEL filter over the dead letter's event) read into a requeue, run, and recorded in the
// audit log — dry runs too, so the log shows what was looked at before a redrive.
import { decodeEvent, type EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { DEAD_LETTER_KINDS, type DeadLetterKind } from '@tickflow/streams';
import { audited } from '../audit/audited.ts';
import type { DeadLetterEntry } from '../dlq/dead-letter-scan.ts';
import { type RequeueResult, requeueDeadLetters } from '../dlq/requeue-dead-letters.ts';
import type { RequeueMatch } from '../dlq/requeue-selection.ts';
import { BadInputError } from '../errors.ts';
import { compileFilter } from '../filter/compile-filter.ts';
import type { Scope } from '../scope.ts';
import { type ListInput, listItems, parsePartitions, parseTypes } from '../selection/lists.ts';

export interface RequeueInput {
  /** Dead-letter refs (`md:3:<id>`); or else the match parameters below. */
  readonly refs?: ListInput | undefined;
  readonly kinds?: ListInput | undefined;
  readonly types?: ListInput | undefined;
  readonly partitions?: ListInput | undefined;
  /** Only dead letters whose reason contains this (case-insensitive). */
  readonly reason?: string | undefined;
  /** CEL over the dead letter's event (as the event filter); an undecodable one never matches. */
  readonly filter?: string | undefined;
  readonly dryRun: boolean;
  readonly chunkSize?: number | undefined;
  readonly limit?: number | undefined;
}

export function parseKinds(input: ListInput | undefined): DeadLetterKind[] | undefined {
  const items = listItems(input, 'kinds');
  if (items === undefined) return undefined;
  for (const item of items) {
    if (!DEAD_LETTER_KINDS.includes(item as DeadLetterKind)) {
      throw new BadInputError(
        'kinds',
        `unknown kind "${item}": expected one of ${DEAD_LETTER_KINDS.join(', ')}`,
      );
    }
  }
  return items as DeadLetterKind[];
}

function matchOf(input: RequeueInput, scope: Scope): RequeueMatch {
  const kinds = parseKinds(input.kinds);
  const types: EventType[] | undefined = input.types === undefined ? undefined : parseTypes(input.types);
  const partitions = parsePartitions(input.partitions, scope);
  const filter = input.filter === undefined ? undefined : compileFilter(input.filter, 'filter');
  return {
    ...(kinds ? { kinds } : {}),
    ...(types ? { types } : {}),
    ...(partitions ? { partitions } : {}),
    ...(input.reason === undefined ? {} : { reasonContains: input.reason }),
    ...(filter
      ? { predicate: (deadLetter: DeadLetterEntry) => eventMatches(deadLetter, filter.matches) }
      : {}),
  };
}

function eventMatches(
  deadLetter: DeadLetterEntry,
  matches: (event: ReturnType<typeof decodeEvent>) => boolean,
): boolean {
  if (deadLetter.fields === null) return false;
  try {
    return matches(decodeEvent(deadLetter.fields));
  } catch {
    return false;
  }
}

/** Requeues (or dry-runs) the dead letters named or matched, and audits it as `dlq.requeue`. */
export function requeueAction(
  redis: RedisClient,
  scope: Scope,
  by: string,
  input: RequeueInput,
): Promise<RequeueResult> {
  const refs = listItems(input.refs, 'refs');
  const hasMatch = [input.kinds, input.types, input.partitions, input.reason, input.filter].some(
    (v) => v !== undefined,
  );
  if (refs && hasMatch)
    throw new BadInputError('refs', 'give dead-letter refs or match parameters, not both');
  const selection = refs ? { refs } : { match: matchOf(input, scope) };
  return audited(
    redis,
    scope.namespace,
    by,
    'dlq.requeue',
    input,
    () =>
      requeueDeadLetters(redis, scope, {
        ...selection,
        dryRun: input.dryRun,
        ...(input.chunkSize === undefined ? {} : { chunkSize: input.chunkSize }),
        ...(input.limit === undefined ? {} : { limit: input.limit }),
      }),
    (result) => ({
      outcome: result.dryRun ? 'dry-run' : 'ok',
      detail: { matched: result.matched, requeued: result.requeued, alreadyRequeued: result.alreadyRequeued },
    }),
  );
}
