// Browsing history: events by selection with cursor paging, NDJSON export, one event with its
// causal chain, consumer groups. (Filled in with the query library.)
import type { KitConfig, RouteContext, RouteRegistrar } from '@tickflow/service';
import type { ReplayApp } from '../app.ts';

type Context = RouteContext<KitConfig, ReplayApp>;

export function historyRoutes(_api: RouteRegistrar<Context>): void {}
