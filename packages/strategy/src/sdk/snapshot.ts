// The snapshot of a running strategy: plain JSON, so signal-engine can store it with its
// checkpoint as it is. Symbols are a list, not an object: JS reorders integer-like object
// keys, and a symbol may look like one ("1000"); a list keeps first-seen order, which makes
// the same input always give the same snapshot bytes.
import { z } from 'zod';
import type { JsonValue } from '../state/json.ts';

/**
 * The quote a symbol's next signal will carry: its latest, as on the wire. The sizes are both
 * present or both absent (an unsized quote, MarketData v3); a snapshot taken before v3 always
 * has them, so it restores as it is.
 */
export interface SnapshotQuote {
  readonly bid_price: string;
  readonly bid_size?: string | undefined;
  readonly ask_price: string;
  readonly ask_size?: string | undefined;
}

export interface SymbolSnapshot {
  readonly symbol: string;
  /** The symbol's state, encoded by the state codec (see README, "State and snapshots"). */
  readonly state: JsonValue;
  readonly quote?: SnapshotQuote;
}

export interface StrategySnapshot {
  /** Bumped when the layout changes, so an old snapshot is recognised. */
  readonly format: 1;
  readonly strategy: string;
  readonly id: string;
  /** The params it ran with, encoded: restoring under other params is refused. */
  readonly params: JsonValue;
  readonly symbols: readonly SymbolSnapshot[];
}

const snapshotQuote = z
  .strictObject({
    bid_price: z.string(),
    bid_size: z.string().optional(),
    ask_price: z.string(),
    ask_size: z.string().optional(),
  })
  .refine((quote) => (quote.bid_size === undefined) === (quote.ask_size === undefined), {
    error: 'a quote has both bid_size and ask_size or neither',
  });

const strategySnapshot = z.strictObject({
  format: z.literal(1),
  strategy: z.string(),
  id: z.string(),
  params: z.unknown(),
  symbols: z.array(
    z.strictObject({
      symbol: z.string(),
      state: z.unknown(),
      quote: snapshotQuote.optional(),
    }),
  ),
});

/** The snapshot's envelope checked (not yet the states inside), or the problems found. */
export function parseSnapshotEnvelope(
  candidate: unknown,
): { ok: true; snapshot: z.infer<typeof strategySnapshot> } | { ok: false; problem: string } {
  const parsed = strategySnapshot.safeParse(candidate);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const problem = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(snapshot)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem };
}
