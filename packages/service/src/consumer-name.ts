// The names of a service's consumers in their groups, from TICKFLOW_CONSUMER_NAME (in
// Kubernetes: the pod name, through the downward API): `<group>-<base>-<incarnation>`.
//
// The incarnation (random, one per process) is there because a container restarted in its
// pod keeps the pod name, and pid 1 is no help either. Re-using the previous process's name
// would be safe for the leases (each grant has a fresh fencing token) and for its pending
// entries (a new owner claims every pending entry, whoever's), but only while no two
// processes ever hold the name at once: leaveGroup and pruneIdleConsumers delete a consumer
// by name, unfenced, so a twin (a misconfigured constant, or a pod name re-used while the
// old process still drains) could have its pending entries dropped from the group, and the
// membership heartbeat would count two processes as one. A dead incarnation's name is
// pruned once its entries are claimed, as a lost pod's is.
import { randomBytes } from 'node:crypto';

/** Redis-side limit the streams runtime checks (options.ts): 1-128 of A-Z a-z 0-9 . _ - */
export const CONSUMER_NAME_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const MAX_LENGTH = 128;

/** One per process: every consumer of the process ends with it. */
export function newIncarnation(): string {
  return randomBytes(3).toString('hex');
}

/**
 * The consumer name of `group` for the base `base` (already valid) and this process's
 * `incarnation`. A base too long to fit keeps its end: a pod name's unique suffix is there.
 */
export function consumerNameFor(group: string, base: string, incarnation: string): string {
  const room = MAX_LENGTH - group.length - incarnation.length - 2;
  return `${group}-${base.slice(-room)}-${incarnation}`;
}
