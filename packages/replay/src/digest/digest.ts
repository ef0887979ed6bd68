// A run's determinism digest: its orders and fills (by default) hashed in canonical form.
// The hash of a type is the sum, modulo 2^256, of the SHA-256 of each canonical event: a
// multiset hash, so it does not depend on how partitions happened to interleave in the
// streams, counts a duplicated event twice (unlike XOR), and needs constant memory however
// long the run. The run's digest is the SHA-256 of the per-type hashes and counts.
import { createHash } from 'node:crypto';
import type { EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { readEventBatches } from '@tickflow/streams';
import type { Scope } from '../scope.ts';
import { canonicalEvent } from './canonical.ts';

export const DIGEST_TYPES: readonly EventType[] = ['order', 'fill'];

export interface RunDigest {
  readonly namespace: string;
  /** Hex SHA-256 over the types below. */
  readonly digest: string;
  readonly types: readonly EventType[];
  readonly counts: Readonly<Partial<Record<EventType, number>>>;
  readonly byType: Readonly<Partial<Record<EventType, string>>>;
}

const MODULUS = 1n << 256n;

export async function digestNamespace(
  redis: RedisClient,
  scope: Scope,
  types: readonly EventType[] = DIGEST_TYPES,
): Promise<RunDigest> {
  const counts: Partial<Record<EventType, number>> = {};
  const byType: Partial<Record<EventType, string>> = {};
  const overall = createHash('sha256');
  for (const type of types) {
    let sum = 0n;
    let count = 0;
    for await (const batch of readEventBatches(redis, { ...scope, type })) {
      for (const stored of batch) {
        const line = createHash('sha256').update(canonicalEvent(stored.event)).digest('hex');
        sum = (sum + BigInt(`0x${line}`)) % MODULUS;
        count++;
      }
    }
    const hex = sum.toString(16).padStart(64, '0');
    counts[type] = count;
    byType[type] = hex;
    overall.update(`${type} ${count} ${hex}\n`);
  }
  return { namespace: scope.namespace, digest: overall.digest('hex'), types, counts, byType };
}
