// signal-engine: runs the configured strategies over MarketData, in one consumer group
// (`signal-engine`) or one group per strategy (`signal-engine.<id>`), see SIGNAL_GROUPING;
// emits SignalEvents derived from the tick (deterministic ids: scope + tick id + index), so
// both groupings emit the same signals.
import { runService } from '@tickflow/service';
import { instantiate, signalEngineConfig } from './config.ts';
import { strategyHandler } from './strategy-handler.ts';

await runService({
  name: 'signal-engine',
  config: signalEngineConfig,
  setup(service) {
    const { SIGNAL_STRATEGIES: specs, SIGNAL_GROUPING: grouping } = service.config;
    const shared = grouping === 'shared' ? service.createConsumer({ group: 'signal-engine' }) : undefined;
    for (const spec of specs) {
      const probe = instantiate(spec); // validates params at start-up, not on the first tick
      const consumer = shared ?? service.createConsumer({ group: `signal-engine.${probe.id}` });
      consumer.on(
        'market_data',
        strategyHandler(probe.id, () => instantiate(spec)),
        { name: probe.id },
      );
      service.logger.info(
        { strategy: spec.strategy, id: probe.id, params: probe.params, grouping },
        'strategy loaded',
      );
    }
  },
});
