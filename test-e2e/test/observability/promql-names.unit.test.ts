// The name extraction the dashboard and rule checks rely on: a name it misses is a panel
// nobody checks; a label or function it takes for a name is a false alarm.
import { describe, expect, it } from 'vitest';
import { familiesIn, metricNamesIn, unknownNames } from '../support/prometheus-promql.ts';

describe('metricNamesIn', () => {
  it('finds selectors, with or without matchers and ranges', () => {
    expect(metricNamesIn('up')).toEqual(['up']);
    expect(metricNamesIn('tickflow_a{job="x", group=~"sig.*"}')).toEqual(['tickflow_a']);
    expect(metricNamesIn('rate(tickflow_b_total[5m])')).toEqual(['tickflow_b_total']);
    expect(metricNamesIn('tickflow_c offset 5m')).toEqual(['tickflow_c']);
    expect(metricNamesIn('type:tickflow_events_published:rate1m')).toEqual([
      'type:tickflow_events_published:rate1m',
    ]);
    expect(metricNamesIn('{__name__="tickflow_d", job="x"}')).toEqual(['tickflow_d']);
  });

  it('skips functions, aggregations, keywords, label lists, strings, numbers and durations', () => {
    const expr = `
      histogram_quantile(0.99, sum by (hop, le) (rate(tickflow_lat_bucket{clock="append_time"}[5m])))
      > 0.25 and on (group) sum without (instance) (deriv(tickflow_lag[2m:10s])) > bool 0
      or label_replace(max(tickflow_x) by (group), "dst", "$1", "group", "(.*)")
      unless ignoring (partition) group_left (job) count_values("v", tickflow_y) * -1e-3 + Inf`;
    expect(metricNamesIn(expr)).toEqual(['tickflow_lat_bucket', 'tickflow_lag', 'tickflow_x', 'tickflow_y']);
  });

  it("skips Grafana's variables and PromQL comments", () => {
    const expr = `sum(rate(tickflow_e_total{clock="$clock"}[$__rate_interval])) # not_a_metric here\n / $\{divisor}`;
    expect(metricNamesIn(expr)).toEqual(['tickflow_e_total']);
  });

  it('names each metric once', () => {
    expect(metricNamesIn('tickflow_a - tickflow_a offset 1m + tickflow_b')).toEqual([
      'tickflow_a',
      'tickflow_b',
    ]);
  });
});

describe('unknownNames', () => {
  const families = familiesIn(
    [
      '# HELP tickflow_h_seconds A histogram.',
      '# TYPE tickflow_h_seconds histogram',
      'tickflow_h_seconds_bucket{le="0.1"} 1',
      '# TYPE tickflow_c_total counter',
      'tickflow_c_total 3',
      '# TYPE tickflow_s summary',
      '# TYPE tickflow_never_set_total counter',
      'untyped_sample 1',
    ].join('\n'),
  );

  it("accepts a histogram's series, a declared family without samples, untyped samples and known extras", () => {
    const expr =
      'histogram_quantile(0.5, tickflow_h_seconds_bucket) + tickflow_h_seconds_sum / tickflow_h_seconds_count' +
      ' + tickflow_c_total + tickflow_never_set_total + untyped_sample + tickflow_s_count + up + rec:x:sum';
    expect(unknownNames(expr, families, new Set(['up', 'rec:x:sum']))).toEqual([]);
  });

  it('names what no family has, and suffixes that do not fit the type', () => {
    const expr = 'tickflow_c_total_bucket + tickflow_s_bucket + tickflow_missing + tickflow_h_seconds_total';
    expect(unknownNames(expr, families, new Set())).toEqual([
      'tickflow_c_total_bucket',
      'tickflow_s_bucket',
      'tickflow_missing',
      'tickflow_h_seconds_total',
    ]);
  });
});
