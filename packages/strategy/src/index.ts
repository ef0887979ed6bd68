export {
  InvalidSignalError,
  InvalidSnapshotError,
  type ParamIssue,
  StateNotSnapshotableError,
  StrategyParamsError,
} from './errors.ts';
export { Ema, type EmaSnapshot } from './indicators/ema.ts';
export type { Indicator, IndicatorSnapshot, ScalarIndicator } from './indicators/indicator.ts';
export { isIndicator, restoreIndicator } from './indicators/restore-indicator.ts';
export { RollingStd, type RollingStdSnapshot } from './indicators/rolling-std.ts';
export { Sma, type SmaSnapshot } from './indicators/sma.ts';
export { Vwap, type VwapSnapshot } from './indicators/vwap.ts';
export { FLAT_WINDOW_RELATIVE_STD, ZScore, type ZScoreSnapshot } from './indicators/z-score.ts';
export { midPrice } from './market/mid-price.ts';
export { defineStrategy } from './sdk/define-strategy.ts';
export { formatFixed, formatForReason, formatStrength } from './sdk/format.ts';
export type { SnapshotQuote, StrategySnapshot, SymbolSnapshot } from './sdk/snapshot.ts';
export type {
  CreateStrategyOptions,
  EventClock,
  SignalIntent,
  Strategy,
  StrategyConfig,
  StrategyContext,
  StrategyDefinition,
} from './sdk/types.ts';
export type { JsonValue } from './state/json.ts';
export {
  type MeanReversionParams,
  type MeanReversionState,
  meanReversion,
  meanReversionParams,
} from './strategies/mean-reversion.ts';
export {
  type SmaCrossoverParams,
  type SmaCrossoverState,
  smaCrossover,
  smaCrossoverParams,
} from './strategies/sma-crossover.ts';
