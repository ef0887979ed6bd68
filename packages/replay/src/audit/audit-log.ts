// The operator audit log: a stream at operatorKeys(ns).audit, one entry per mutating call
// of the operator tools (who, what, with which parameters, how it ended). Params and detail
// are stored as JSON; bigints (event times in ns) as decimal strings.
import { operatorKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { BadInputError } from '../errors.ts';

export type AuditOutcome = 'ok' | 'failed' | 'dry-run' | 'refused';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['ok', 'failed', 'dry-run', 'refused'];

export interface AuditInput {
  /** Who did it: a user, a token's name. */
  readonly by: string;
  /** What was done, e.g. `dlq.requeue`, `group.rewind`. */
  readonly action: string;
  readonly params: unknown;
  readonly outcome: AuditOutcome;
  readonly detail?: unknown;
}

export interface AuditEntry {
  /** The stream entry id: its time is when the entry was appended (Redis' clock). */
  readonly id: string;
  readonly by: string;
  readonly action: string;
  readonly params: unknown;
  readonly outcome: AuditOutcome;
  /** undefined when none was given. */
  readonly detail: unknown;
  /** When it was recorded, ms since the epoch (the appending process' clock). */
  readonly at: number;
}

/** About this many entries are kept (MAXLEN ~): years of operator actions, bounded memory. */
export const AUDIT_MAX_LENGTH = 1_000_000;

/** Appends one entry to `namespace`'s audit log; returns its id. */
export async function appendAudit(redis: RedisClient, namespace: string, input: AuditInput): Promise<string> {
  checkAuditNames(input);
  if (!AUDIT_OUTCOMES.includes(input.outcome)) {
    throw new BadInputError(
      'outcome',
      `must be one of ${AUDIT_OUTCOMES.join(', ')}, got ${JSON.stringify(input.outcome)}`,
    );
  }
  const id = await redis.xadd(
    operatorKeys(namespace).audit,
    'MAXLEN',
    '~',
    AUDIT_MAX_LENGTH,
    '*',
    'by',
    input.by,
    'action',
    input.action,
    'params',
    toJson(input.params),
    'outcome',
    input.outcome,
    'detail',
    input.detail === undefined ? '' : toJson(input.detail),
    'at',
    String(Date.now()),
  );
  return id as string;
}

/** BadInputError unless `by` and `action` are non-empty strings. */
export function checkAuditNames(input: { readonly by: unknown; readonly action: unknown }): void {
  for (const name of ['by', 'action'] as const) {
    const value = input[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new BadInputError(name, `must be a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
}

/** An audit stream entry (as XRANGE returns it) read back. */
export function parseAuditEntry(id: string, flat: readonly string[]): AuditEntry {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) field.set(flat[i] as string, flat[i + 1] as string);
  const detail = field.get('detail') ?? '';
  return {
    id,
    by: field.get('by') ?? '',
    action: field.get('action') ?? '',
    params: fromJson(field.get('params') ?? 'null'),
    outcome: field.get('outcome') as AuditOutcome,
    detail: detail === '' ? undefined : fromJson(detail),
    at: Number(field.get('at')),
  };
}

function toJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
}

function fromJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Written by something else than appendAudit: show it as it is rather than hide the entry.
    return text;
  }
}
