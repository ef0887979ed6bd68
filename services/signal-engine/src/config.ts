// signal-engine's own configuration: which strategies to run, each with its params and id.
import type { Strategy } from '@tickflow/strategy';
import { z } from 'zod';
import { STRATEGY_CATALOG } from './catalog.ts';

const strategySpec = z.strictObject({
  strategy: z.enum(Object.keys(STRATEGY_CATALOG) as [string, ...string[]], {
    error: `expected one of ${Object.keys(STRATEGY_CATALOG).join(', ')}`,
  }),
  /** The strategy_id and consumer group suffix; default the strategy's name. Unique. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/, { error: 'expected 1-48 of A-Z a-z 0-9 . _ -' })
    .optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export type StrategySpec = z.infer<typeof strategySpec>;

export const DEFAULT_STRATEGIES: readonly StrategySpec[] = [
  { strategy: 'sma-crossover' },
  { strategy: 'mean-reversion' },
];

/**
 * `shared`: one consumer group (`signal-engine`) runs every strategy, so each tick is read and
 * decoded once. `per-strategy`: a group per strategy (`signal-engine.<id>`), each with its
 * own position, lag and dead letters. Decision 0012 weighs the two.
 */
export const SIGNAL_GROUPINGS = ['shared', 'per-strategy'] as const;
export type SignalGrouping = (typeof SIGNAL_GROUPINGS)[number];

export const signalEngineConfig = z.object({
  SIGNAL_GROUPING: z.enum(SIGNAL_GROUPINGS, { error: 'expected shared or per-strategy' }).default('shared'),
  /** JSON array of { strategy, id?, params? }; default both shipped strategies with default params. */
  SIGNAL_STRATEGIES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return DEFAULT_STRATEGIES;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not valid JSON (${(error as Error).message})` });
        return z.NEVER;
      }
      const parsed = z
        .array(strategySpec)
        .min(1, { error: 'expected at least one strategy' })
        .safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
        }
        return z.NEVER;
      }
      for (const [index, spec] of parsed.data.entries()) {
        try {
          instantiate(spec);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `[${index}] ${(error as Error).message}` });
        }
      }
      const ids = parsed.data.map((spec) => spec.id ?? spec.strategy);
      const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
      if (duplicate !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `strategy id "${duplicate}" appears twice; give each an "id"`,
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

/** A fresh instance of the strategy a spec names (throws StrategyParamsError for bad params). */
export function instantiate(spec: StrategySpec): Strategy<unknown> {
  const definition = STRATEGY_CATALOG[spec.strategy];
  if (!definition) throw new Error(`unknown strategy ${spec.strategy}`);
  return definition.create(spec.params ?? {}, { id: spec.id ?? spec.strategy });
}
