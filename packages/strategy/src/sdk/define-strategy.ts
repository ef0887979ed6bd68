// defineStrategy: a strategy's name, params schema and two functions become a definition
// that signal-engine (or a test) instantiates with params.
import type { z } from 'zod';
import { parseParams } from './params.ts';
import { createStrategyInstance } from './strategy-instance.ts';
import type { StrategyConfig, StrategyDefinition } from './types.ts';

const IDENTIFIER = /^[\x21-\x7e]{1,128}$/;

/**
 * Defines a strategy. `create(rawParams)` on the result validates the params against
 * `config.params` and returns a fresh Strategy. Throws RangeError for a name that cannot be
 * a strategy_id (1-128 printable ASCII characters, no spaces).
 */
export function defineStrategy<Schema extends z.ZodType, S>(
  config: StrategyConfig<Schema, S>,
): StrategyDefinition<z.output<Schema>> {
  assertIdentifier('strategy name', config.name);
  const symbols = config.symbols === undefined ? undefined : Object.freeze([...config.symbols]);
  return {
    name: config.name,
    symbols,
    create(rawParams, options = {}) {
      const id = options.id ?? config.name;
      assertIdentifier('strategy id', id);
      const params = parseParams(config.name, config.params, rawParams);
      return createStrategyInstance({ config, params, id, symbols });
    },
  };
}

function assertIdentifier(what: string, value: string): void {
  if (!IDENTIFIER.test(value)) {
    throw new RangeError(`${what} must be 1-128 printable ASCII characters without spaces, got "${value}"`);
  }
}
