// signal-engine: one consumer group per strategy (`signal-engine.<id>`) over MarketData;
// emits SignalEvents derived from the tick (deterministic ids: scope + tick id + index).
import { runService } from '@tickflow/service';
import { instantiate, signalEngineConfig } from './config.ts';
import { strategyHandler } from './strategy-handler.ts';

await runService({
  name: 'signal-engine',
  config: signalEngineConfig,
  setup(service) {
    for (const spec of service.config.SIGNAL_STRATEGIES) {
      const probe = instantiate(spec); // validates params at start-up, not on the first tick
      service.createConsumer({ group: `signal-engine.${probe.id}` }).on(
        'market_data',
        strategyHandler(() => instantiate(spec)),
        { name: probe.id },
      );
      service.logger.info({ strategy: spec.strategy, id: probe.id, params: probe.params }, 'strategy loaded');
    }
  },
});
