// The Grafana files as Grafana would load them: the dashboard keeps its uid and has no id
// (so provisioning updates it in place rather than duplicating it), every panel and query
// uses the provisioned datasource, panels do not overlap, the dashboard covers what the
// issue lists, and the provisioning files agree with each other and with compose.yaml.
// Whether its metric names exist is checked against live services in prometheus.e2e.test.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allPanels, dashboardQueries, GRAFANA_DIR, loadDashboard } from '../support/prometheus-dashboard.ts';
import { metricNamesIn } from '../support/prometheus-promql.ts';

const read = (path: string) => readFileSync(resolve(GRAFANA_DIR, path), 'utf8');
/** The value of `key:` on its own line of a YAML file we write (no YAML library here). */
const yamlValues = (text: string, key: string) =>
  [...text.matchAll(new RegExp(`^\\s*-?\\s*${key}:\\s*(.+?)\\s*$`, 'gm'))].map((m) => m[1] as string);

const datasources = read('provisioning/datasources/tickflow.yaml');
const providers = read('provisioning/dashboards/tickflow.yaml');
const compose = read('compose.yaml');
const dashboard = loadDashboard();
const DATASOURCE_UID = 'tickflow-prometheus';
/** `${inner}` as Grafana's provisioning and compose write it. */
const braced = (inner: string) => `$\{${inner}}`;

describe('the provisioned Grafana dashboard', () => {
  it('keeps its uid and has no id', () => {
    expect(dashboard.uid).toBe('tickflow-pipeline');
    expect(dashboard).not.toHaveProperty('id');
  });

  it('queries the provisioned datasource in every panel and target', () => {
    expect(yamlValues(datasources, 'uid')).toEqual([DATASOURCE_UID]);
    const wrong: string[] = [];
    for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
      if (panel.datasource?.uid !== DATASOURCE_UID || panel.datasource.type !== 'prometheus')
        wrong.push(`panel "${panel.title}": ${JSON.stringify(panel.datasource)}`);
      for (const target of panel.targets ?? [])
        if (target.datasource && target.datasource.uid !== DATASOURCE_UID)
          wrong.push(`panel "${panel.title}" target ${target.refId}: ${JSON.stringify(target.datasource)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('has panels with unique ids, that do not overlap, each with at least one query reading a metric', () => {
    const panels = allPanels(dashboard);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Map<string, string>();
    for (const panel of panels) {
      const { x, y, w, h } = (panel as unknown as { gridPos: Record<'x' | 'y' | 'w' | 'h', number> }).gridPos;
      expect(x + w, `panel "${panel.title}" width`).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row++)
        for (let column = x; column < x + w; column++) {
          const other = cells.get(`${row}:${column}`);
          expect(other, `panel "${panel.title}" overlaps "${other}"`).toBeUndefined();
          cells.set(`${row}:${column}`, panel.title ?? '');
        }
      if (panel.type !== 'row') expect(panel.targets?.length, `panel "${panel.title}"`).toBeGreaterThan(0);
    }
    for (const query of dashboardQueries(dashboard))
      expect(metricNamesIn(query.expr), query.where).not.toEqual([]);
  });

  it('shows rates per type, lag and pending per group, dead letters, latencies, Redis errors, CPU, memory, build info', () => {
    const used = new Set(dashboardQueries(dashboard).flatMap((query) => metricNamesIn(query.expr)));
    const expected = [
      'tickflow_events_published_total',
      'tickflow_events_consumed_total',
      'tickflow_group_lag_entries',
      'tickflow_consumer_lag_entries',
      'tickflow_group_pending_entries',
      'tickflow_consumer_pending_entries',
      'tickflow_group_oldest_pending_age_seconds',
      'tickflow_events_dead_lettered_total',
      'tickflow_dead_letter_entries',
      'tickflow_handler_duration_seconds_bucket',
      'tickflow_pipeline_latency_seconds_bucket',
      'tickflow_redis_connection_errors_total',
      'tickflow_redis_command_errors_total',
      'tickflow_redis_reconnects_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'tickflow_build_info',
    ];
    expect(expected.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('the Grafana provisioning files', () => {
  it('define one Prometheus datasource whose URL comes from PROMETHEUS_URL, defaulted by compose.yaml', () => {
    expect(yamlValues(datasources, 'apiVersion')).toEqual(['1']);
    expect(yamlValues(datasources, 'type')).toEqual(['prometheus']);
    expect(yamlValues(datasources, 'url')).toEqual([braced('PROMETHEUS_URL')]);
    expect(yamlValues(compose, 'PROMETHEUS_URL')).toEqual([braced('PROMETHEUS_URL:-http://127.0.0.1:9090')]);
  });

  it('load the dashboards folder that compose.yaml mounts, from files', () => {
    expect(yamlValues(providers, 'apiVersion')).toEqual(['1']);
    expect(yamlValues(providers, 'type')).toEqual(['file']);
    const [path] = yamlValues(providers, 'path');
    expect(compose).toContain(`- ./dashboards:${path}:ro`);
    expect(compose).toContain('- ./provisioning:/etc/grafana/provisioning:ro');
  });
});
