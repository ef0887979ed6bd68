// order-router: consumer group `order-router` over Signal events; each signal sized against
// the partition's positions, risk-checked (with the persisted kill switch), sent to the paper
// venue and turned into OrderEvents and FillEvents with ids derived from the signal; the
// kill-switch API on the kit's HTTP server.
import { runService } from '@tickflow/service';
import { createPaperVenue } from '@tickflow/trading';
import { orderRouterConfig, routerSettings } from './config.ts';
import { logRefreshFailure, openKillSwitch } from './kill-switch.ts';
import { ORDER_ROUTER_GROUP, riskRejectionsCounter, routerHandler } from './router-handler.ts';
import { orderRouterRoutes, type RouterApp } from './routes.ts';

await runService({
  name: 'order-router',
  config: orderRouterConfig,
  async setup(service): Promise<RouterApp> {
    const { config, logger } = service;
    const settings = routerSettings(config);
    const killSwitch = await openKillSwitch({
      redis: service.redis,
      namespace: config.TICKFLOW_NAMESPACE,
      pollMs: config.ROUTER_KILL_SWITCH_POLL_MS,
      onChange: (state, previous) => logger.warn({ state, previous }, 'kill switch changed'),
      onError: (error) => logRefreshFailure(logger, error),
    });
    service.onStop(() => killSwitch.stop());
    logger.info({ state: killSwitch.current() }, 'kill switch loaded');
    service.createConsumer({ group: ORDER_ROUTER_GROUP }).on(
      'signal',
      routerHandler({
        settings: {
          maxPosition: settings.maxPosition,
          lotSize: settings.lotSize,
          limits: settings.limits,
          venue: createPaperVenue(settings.venue),
          commissionAsset: config.ROUTER_COMMISSION_ASSET,
        },
        killSwitch: () => killSwitch.current(),
        rejections: riskRejectionsCounter(service.metrics.registry),
        logger,
      }),
      { name: 'router' },
    );
    return { killSwitch };
  },
  routes: orderRouterRoutes,
});
