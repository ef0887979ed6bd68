// A replay's selection, from the raw parameters its record keeps to what the engine reads:
// parsed and checked (BadInputError), retention checked for every stream (before anything
// is written), the entries in range counted (progress total), and the reader.
import type { RedisClient } from '@tickflow/streams';
import type { EventPredicate } from '../filter/compile-filter.ts';
import type { Scope } from '../scope.ts';
import { assertAvailable } from '../selection/assert-available.ts';
import { countInRange } from '../selection/count-in-range.ts';
import { readSelected } from '../selection/read-selected.ts';
import { parseSelection, type SelectionInput } from '../selection/selection.ts';
import type { OpenedSelection } from './replay-manager.ts';

export async function openSelection(
  redis: RedisClient,
  scope: Scope,
  input: Readonly<Record<string, unknown>>,
  predicate?: EventPredicate,
): Promise<OpenedSelection> {
  const selection = parseSelection(input as SelectionInput, scope, predicate);
  await assertAvailable(redis, scope, selection);
  const total = await countInRange(redis, scope, selection);
  return {
    types: selection.types,
    partitions: selection.partitions,
    total,
    batches: (signal) => readSelected(redis, scope, selection, { signal }),
  };
}
