// What to read, as users give it (raw strings of a query string or CLI flags) and resolved:
// the streams (types × partitions), the append-order bounds the reader pages through, and
// the per-event test (symbols, event-time bounds, filter, predicate). Every bad input is a
// BadInputError naming its parameter, raised here, before anything is read.
import { type AnyEvent, type EventType, partitionOf } from '@tickflow/events';
import { compareEntryIds, idOfMs, parseEntryIdBound } from '../entry-ids.ts';
import { BadInputError } from '../errors.ts';
import { compileFilter, type EventFilter, type EventPredicate } from '../filter/compile-filter.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { type ListInput, parsePartitions, parseSymbols, parseTypes } from './lists.ts';
import { parseTimeBound } from './time-bound.ts';

/** Which clock `from` / `to` bound: the entry's append time (its id) or the event's ts_event. */
export type TimeAxis = 'append' | 'event';

export interface SelectionInput {
  /** Start (inclusive): ISO-8601, a date, epoch ms (≤ 13 digits), epoch ns (19 digits), or `<n>ms` / `<n>ns`. */
  readonly from?: string | undefined;
  /** End (inclusive), as `from`; must not be before it. */
  readonly to?: string | undefined;
  /** What from/to bound; default 'append' (append time has ms resolution: a bound includes its whole ms). */
  readonly time?: string | undefined;
  /** First stream entry id (inclusive): `<ms>-<seq>` or `<ms>`. Not with an append-time `from`. */
  readonly fromId?: string | undefined;
  /** Last stream entry id (inclusive). Not with an append-time `to`. */
  readonly toId?: string | undefined;
  /** Event types by name or stream tag (md, sig, ord, fill); default all four. */
  readonly types?: ListInput | undefined;
  /** Partition numbers or ranges (`0-3`); default all, or those of `symbols`. */
  readonly partitions?: ListInput | undefined;
  /** Only events of these symbols; only their partitions are read. */
  readonly symbols?: ListInput | undefined;
  /** A CEL filter expression (see filter/environment.ts); blank is no filter. */
  readonly filter?: string | undefined;
}

export interface Selection {
  /** In pipeline order (market_data, signal, order, fill): ties in a merge go in this order. */
  readonly types: readonly EventType[];
  /** Ascending. */
  readonly partitions: readonly number[];
  readonly symbols: ReadonlySet<string> | undefined;
  readonly time: TimeAxis;
  /** Append-order bounds for the reader, full inclusive entry ids; undefined is open. */
  readonly fromId: string | undefined;
  readonly toId: string | undefined;
  /** Event-time bounds (time 'event' only), inclusive ns since the epoch. */
  readonly fromNs: bigint | undefined;
  readonly toNs: bigint | undefined;
  readonly filter: EventFilter | undefined;
  readonly predicate: EventPredicate | undefined;
  /** Symbols, event-time bounds, filter and predicate together: true keeps the event. */
  readonly matches: EventPredicate;
}

/** Resolves and checks a selection; `predicate` (TypeScript callers) must hold as well as `filter`. */
export function parseSelection(input: SelectionInput, scope: Scope, predicate?: EventPredicate): Selection {
  const time = parseTimeAxis(input.time);
  const from = input.from === undefined ? undefined : parseTimeBound(input.from, 'from');
  const to = input.to === undefined ? undefined : parseTimeBound(input.to, 'to');
  if (from !== undefined && to !== undefined && to < from) {
    throw new BadInputError('to', 'must not be before from');
  }
  const ids = idBounds(input, time, from, to);
  const types = parseTypes(input.types);
  const symbols = parseSymbols(input.symbols);
  const partitions = resolvePartitions(parsePartitions(input.partitions, scope), symbols, scope);
  const filter = input.filter?.trim() ? compileFilter(input.filter, 'filter') : undefined;
  const fromNs = time === 'event' ? from : undefined;
  const toNs = time === 'event' ? to : undefined;
  return {
    types,
    partitions,
    symbols,
    time,
    ...ids,
    fromNs,
    toNs,
    filter,
    predicate,
    matches: combined(symbols, fromNs, toNs, filter, predicate),
  };
}

function parseTimeAxis(text: string | undefined): TimeAxis {
  if (text === undefined || text === 'append') return 'append';
  if (text === 'event') return 'event';
  throw new BadInputError('time', `must be "event" or "append", got "${text}"`);
}

function idBounds(
  input: SelectionInput,
  time: TimeAxis,
  from: bigint | undefined,
  to: bigint | undefined,
): { fromId: string | undefined; toId: string | undefined } {
  const append = time === 'append';
  if (append && from !== undefined && input.fromId !== undefined) {
    throw new BadInputError('fromId', 'give from or fromId, not both: both bound the append time');
  }
  if (append && to !== undefined && input.toId !== undefined) {
    throw new BadInputError('toId', 'give to or toId, not both: both bound the append time');
  }
  const ms = (ns: bigint) => ns / 1_000_000n;
  const fromId =
    input.fromId !== undefined
      ? parseEntryIdBound(input.fromId, 'fromId', 'from')
      : append && from !== undefined
        ? idOfMs(ms(from), 'from')
        : undefined;
  const toId =
    input.toId !== undefined
      ? parseEntryIdBound(input.toId, 'toId', 'to')
      : append && to !== undefined
        ? idOfMs(ms(to), 'to')
        : undefined;
  if (fromId !== undefined && toId !== undefined && compareEntryIds(toId, fromId) < 0) {
    throw new BadInputError('toId', 'must not be before fromId');
  }
  return { fromId, toId };
}

function resolvePartitions(
  given: number[] | undefined,
  symbols: ReadonlySet<string> | undefined,
  scope: Scope,
): number[] {
  if (symbols === undefined) return given ?? allPartitions(scope);
  const ofSymbols = new Set<number>();
  for (const symbol of symbols) {
    const partition = partitionOf(symbol, scope.partitions);
    if (given !== undefined && !given.includes(partition)) {
      throw new BadInputError(
        'symbols',
        `${symbol} is in partition ${partition}, which the partitions given leave out`,
      );
    }
    ofSymbols.add(partition);
  }
  return [...ofSymbols].sort((a, b) => a - b);
}

function combined(
  symbols: ReadonlySet<string> | undefined,
  fromNs: bigint | undefined,
  toNs: bigint | undefined,
  filter: EventFilter | undefined,
  predicate: EventPredicate | undefined,
): EventPredicate {
  // Cheapest test first: a set lookup and two comparisons before the expression.
  return (event: AnyEvent) =>
    (symbols === undefined || symbols.has(event.key)) &&
    (fromNs === undefined || event.ts_event >= fromNs) &&
    (toNs === undefined || event.ts_event <= toNs) &&
    (filter === undefined || filter.matches(event)) &&
    (predicate === undefined || predicate(event));
}
