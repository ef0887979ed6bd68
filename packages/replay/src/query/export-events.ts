// The selected events as NDJSON, one eventToJson object per line, streamed from the
// selection reader: memory stays at the reader's pages however long the range.
import type { RedisClient } from '@tickflow/streams';
import { eventToJson } from '../event-json.ts';
import type { Scope } from '../scope.ts';
import { type ReadSelectedOptions, readSelected } from '../selection/read-selected.ts';
import type { Selection } from '../selection/selection.ts';

/**
 * NDJSON lines (each ending in '\n') of the selected events in append order. The retention
 * preflight runs first, so a trimmed start fails before the first line.
 */
export async function* exportEvents(
  redis: RedisClient,
  scope: Scope,
  selection: Selection,
  options: ReadSelectedOptions = {},
): AsyncGenerator<string> {
  for await (const { events } of readSelected(redis, scope, selection, options)) {
    for (const stored of events) yield `${JSON.stringify(eventToJson(stored))}\n`;
  }
}
