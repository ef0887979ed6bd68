// Where the operator tools look: a namespace and its partition count (every service of a
// namespace runs with the same TICKFLOW_PARTITIONS).
export interface Scope {
  readonly namespace: string;
  readonly partitions: number;
}

/** Every partition number of the scope, in order. */
export function allPartitions(scope: Scope): number[] {
  return Array.from({ length: scope.partitions }, (_, partition) => partition);
}
