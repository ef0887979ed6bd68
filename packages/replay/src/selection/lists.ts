// The list parameters of a selection (types, partitions, symbols), as a query string or CLI
// flag gives them — `a,b,c` or already an array — checked one item at a time, so the error
// names the item at fault.
import { EVENT_SPECS, EVENT_TYPES, type EventType, isEventType, SYMBOL_PATTERN } from '@tickflow/events';
import { BadInputError } from '../errors.ts';
import type { Scope } from '../scope.ts';

/** A list parameter: a comma-separated string or an array. */
export type ListInput = string | readonly (string | number)[];

const MAX_SYMBOLS = 1_000;

/** The items of a list parameter, trimmed; undefined when not given. Empty → BadInputError. */
export function listItems(input: ListInput | undefined, parameter: string): string[] | undefined {
  if (input === undefined) return undefined;
  const items = (typeof input === 'string' ? input.split(',') : input.map(String)).map((item) => item.trim());
  const nonEmpty = items.filter((item) => item !== '');
  if (nonEmpty.length === 0) throw new BadInputError(parameter, 'must name at least one item');
  return nonEmpty;
}

/** Event types by name (`market_data`) or stream tag (`md`), in pipeline order, without repeats. */
export function parseTypes(input: ListInput | undefined): EventType[] {
  const items = listItems(input, 'types');
  if (items === undefined) return [...EVENT_TYPES];
  const wanted = new Set<EventType>();
  for (const item of items) {
    const type = isEventType(item) ? item : EVENT_TYPES.find((t) => EVENT_SPECS[t].streamTag === item);
    if (type === undefined) {
      throw new BadInputError('types', `unknown type "${item}": expected one of ${EVENT_TYPES.join(', ')}`);
    }
    wanted.add(type);
  }
  return EVENT_TYPES.filter((type) => wanted.has(type));
}

/** Partition numbers (`3`) or ranges (`0-7`), each within the scope, ascending, without repeats. */
export function parsePartitions(input: ListInput | undefined, scope: Scope): number[] | undefined {
  const items = listItems(input, 'partitions');
  if (items === undefined) return undefined;
  const wanted = new Set<number>();
  for (const item of items) {
    const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item);
    const first = Number(range?.[1]);
    const last = Number(range?.[2] ?? range?.[1]);
    if (!range || first > last) {
      throw new BadInputError('partitions', `expected partition numbers or ranges like 0-3, got "${item}"`);
    }
    if (last >= scope.partitions) {
      throw new BadInputError(
        'partitions',
        `partition ${last} is out of range: ${scope.namespace} has partitions 0 to ${scope.partitions - 1}`,
      );
    }
    for (let partition = first; partition <= last; partition++) wanted.add(partition);
  }
  return [...wanted].sort((a, b) => a - b);
}

/** Symbols, each a valid symbol, without repeats. */
export function parseSymbols(input: ListInput | undefined): Set<string> | undefined {
  const items = listItems(input, 'symbols');
  if (items === undefined) return undefined;
  if (items.length > MAX_SYMBOLS) {
    throw new BadInputError('symbols', `at most ${MAX_SYMBOLS} symbols, got ${items.length}`);
  }
  for (const item of items) {
    if (!SYMBOL_PATTERN.test(item)) {
      throw new BadInputError(
        'symbols',
        `"${item.slice(0, 70)}" is not a symbol (1-64 characters from A-Z a-z 0-9 . _ - / :)`,
      );
    }
  }
  return new Set(items);
}
