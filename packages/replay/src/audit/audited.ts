// Running an operator action with its audit entry: the action's outcome is appended when it
// ends, whichever way. A refusal (ConflictError: live consumers, a stale plan; history
// trimmed; bad input) is recorded as 'refused', any other error as 'failed' with its
// message, and rethrown.

import type { RedisClient } from '@tickflow/streams';
import { HistoryTrimmedError } from '@tickflow/streams';
import { BadInputError, ConflictError } from '../errors.ts';
import { type AuditOutcome, appendAudit, checkAuditNames } from './audit-log.ts';

export interface AuditVerdict {
  readonly outcome: AuditOutcome;
  readonly detail?: unknown;
}

/**
 * Runs `work`, then appends its audit entry: `outcomeOf(result)` when given (e.g. 'dry-run'
 * with the counts), else 'ok' without detail. When `work` throws, the entry records the
 * error and the error is rethrown (an audit write failing then is not reported: the action's
 * own error matters more). When `work` succeeds but the entry cannot be written, that error
 * is thrown: the action happened and went unrecorded, which the caller must hear about.
 */
export async function audited<T>(
  redis: RedisClient,
  namespace: string,
  by: string,
  action: string,
  params: unknown,
  work: () => Promise<T>,
  outcomeOf?: (result: T) => AuditVerdict,
): Promise<T> {
  // Checked before the work: an action that cannot be recorded must not run.
  checkAuditNames({ by, action });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    const refused =
      error instanceof ConflictError ||
      error instanceof HistoryTrimmedError ||
      error instanceof BadInputError;
    const outcome: AuditOutcome = refused ? 'refused' : 'failed';
    const detail = {
      error: error instanceof Error ? error.message : String(error),
      name: error instanceof Error ? error.name : typeof error,
    };
    await appendAudit(redis, namespace, { by, action, params, outcome, detail }).catch(() => undefined);
    throw error;
  }
  const verdict = outcomeOf?.(result) ?? { outcome: 'ok' };
  await appendAudit(redis, namespace, { by, action, params, ...verdict });
  return result;
}
