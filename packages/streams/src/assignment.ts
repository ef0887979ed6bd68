// Which live member should own which partition. Every member computes the same answer from
// the same member list: each partition goes to the member that ranks it highest by
// rendezvous hashing (hash of partition and member) among members still below their fair
// share, ceil(P / N). Rendezvous keeps moves few when members come and go; the cap keeps
// the load even, where plain rendezvous over 8 partitions and 3 members can leave one idle.
import { fnv1a64 } from '@tickflow/events';

export function assignPartitions(
  partitionIds: readonly string[],
  members: readonly string[],
): Map<string, string> {
  const names = [...new Set(members)].sort();
  const assignment = new Map<string, string>();
  if (names.length === 0) return assignment;
  const share = Math.ceil(partitionIds.length / names.length);
  const load = new Map(names.map((name) => [name, 0]));
  for (const partition of [...partitionIds].sort()) {
    const ranked = names
      .map((name) => ({ name, weight: fnv1a64(`${partition}\n${name}`) }))
      .sort((a, b) => (a.weight === b.weight ? (a.name < b.name ? -1 : 1) : a.weight > b.weight ? -1 : 1));
    const owner = ranked.find(({ name }) => (load.get(name) ?? 0) < share)?.name as string;
    load.set(owner, (load.get(owner) ?? 0) + 1);
    assignment.set(partition, owner);
  }
  return assignment;
}
