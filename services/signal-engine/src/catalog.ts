// The strategies signal-engine can host, by name. A new strategy written against the SDK is
// added here (or runs as its own service with the same wiring).
import { meanReversion, type StrategyDefinition, smaCrossover } from '@tickflow/strategy';

export const STRATEGY_CATALOG: Readonly<Record<string, StrategyDefinition<unknown>>> = {
  'sma-crossover': smaCrossover as StrategyDefinition<unknown>,
  'mean-reversion': meanReversion as StrategyDefinition<unknown>,
};
