// The Grafana dashboard's Prometheus queries, read from infra/grafana: every panel's targets
// (panels nested in collapsed rows too) and every templating query.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root } from './processes.ts';

export const GRAFANA_DIR = resolve(root, 'infra/grafana');
export const DASHBOARD_FILE = resolve(GRAFANA_DIR, 'dashboards/tickflow-pipeline.json');

export interface DatasourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface PanelTarget {
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: DatasourceRef;
}

export interface Panel {
  readonly id?: number;
  readonly type: string;
  readonly title?: string;
  readonly datasource?: DatasourceRef;
  readonly targets?: readonly PanelTarget[];
  readonly panels?: readonly Panel[];
}

export interface Dashboard {
  readonly id?: unknown;
  readonly uid?: string;
  readonly title?: string;
  readonly panels: readonly Panel[];
  readonly templating?: { readonly list: readonly { name: string; type: string; query?: unknown }[] };
}

export interface DashboardQuery {
  /** Where it is: `panel "<title>" target <refId>` or `variable <name>`. */
  readonly where: string;
  readonly expr: string;
}

export function loadDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel, rows' nested panels included, in order. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every PromQL expression of the dashboard, with where it is. */
export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const targets = allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `panel "${panel.title ?? panel.id}" target ${target.refId ?? '?'}`,
      expr: target.expr ?? '',
    })),
  );
  const variables = (dashboard.templating?.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      where: `variable ${variable.name}`,
      expr:
        typeof variable.query === 'string'
          ? variable.query
          : String((variable.query as { query?: string })?.query ?? ''),
    }));
  return [...targets, ...variables];
}
