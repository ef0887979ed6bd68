// The streams a selection reads — each selected type × each selected partition — in merge
// tie order: type (pipeline order), then partition.
import { EVENT_SPECS, type EventType, partitionKeys } from '@tickflow/events';
import type { Scope } from '../scope.ts';
import type { Selection } from './selection.ts';

export interface SelectedStream {
  readonly type: EventType;
  readonly partition: number;
  /** The stream key, e.g. `tf:{live:md:3~1303}`. */
  readonly stream: string;
  /** Short name inside the namespace, e.g. `md:3` (cursors use it). */
  readonly tag: string;
  /** Position in the merge tie order. */
  readonly order: number;
}

export function selectedStreams(
  scope: Scope,
  selection: Pick<Selection, 'types' | 'partitions'>,
): SelectedStream[] {
  return selection.types
    .flatMap((type) =>
      selection.partitions.map((partition) => ({
        type,
        partition,
        stream: partitionKeys(scope.namespace, type, partition).stream,
        tag: `${EVENT_SPECS[type].streamTag}:${partition}`,
      })),
    )
    .map((stream, order) => ({ ...stream, order }));
}
