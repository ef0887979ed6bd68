// Which live member should own which partition: rendezvous (highest random weight)
// hashing. Every member computes the same answer from the same member list, each member
// gets about P/N partitions, and when a member joins or leaves only the partitions it
// wins or held move.
import { fnv1a64 } from '@tickflow/events';

export function preferredOwner(partitionId: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const member of members) {
    const weight = fnv1a64(`${partitionId}\n${member}`);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = weight;
    }
  }
  return best;
}
