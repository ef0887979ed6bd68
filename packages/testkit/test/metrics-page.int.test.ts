// @tickflow/testkit/metrics: the exposition parsed as Prometheus means it (escaped label
// values, histogram lines, Go's Inf), series picked exactly or by included labels, families
// cut out with the missing ones named, and the real promtool's verdict on a good and a bad page.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkMetrics,
  familiesOf,
  findTool,
  MetricsPageError,
  matching,
  PrometheusToolMissingError,
  parseSamples,
  seriesValue,
} from '../src/metrics-page.ts';

const PAGE = `# HELP tickflow_events_acked_total Events acknowledged.
# TYPE tickflow_events_acked_total counter
tickflow_events_acked_total{service="svc",type="fill",partition="0"} 3
tickflow_events_acked_total{service="svc",type="fill",partition="1"} 4
tickflow_events_acked_total{service="svc",type="fill",partition="1",group="audit"} 9
# HELP tickflow_handler_duration_seconds Handler time.
# TYPE tickflow_handler_duration_seconds histogram
tickflow_handler_duration_seconds_bucket{service="svc",handler="h",le="0.1"} 2
tickflow_handler_duration_seconds_bucket{service="svc",handler="h",le="+Inf"} 3
tickflow_handler_duration_seconds_sum{service="svc",handler="h"} 0.375
tickflow_handler_duration_seconds_count{service="svc",handler="h"} 3
# HELP tickflow_build_info Which build runs.
# TYPE tickflow_build_info gauge
tickflow_build_info{service="svc",version="1.0.0",revision="a\\"b\\\\c\\nd}, e=\\"f"} 1
`;

describe('parseSamples', () => {
  it('unescapes label values (quote, backslash, line feed) even where they hold } and ,', () => {
    expect(matching(parseSamples(PAGE), 'tickflow_build_info')).toEqual([
      {
        name: 'tickflow_build_info',
        labels: { service: 'svc', version: '1.0.0', revision: 'a"b\\c\nd}, e="f' },
        value: 1,
      },
    ]);
  });

  it('reads histogram lines under their own names, le="+Inf" kept as the label Prometheus writes', () => {
    const histogram = parseSamples(PAGE).filter((sample) => sample.name.startsWith('tickflow_handler'));
    expect(histogram.map((sample) => [sample.name, sample.labels.le, sample.value])).toEqual([
      ['tickflow_handler_duration_seconds_bucket', '0.1', 2],
      ['tickflow_handler_duration_seconds_bucket', '+Inf', 3],
      ['tickflow_handler_duration_seconds_sum', undefined, 0.375],
      ['tickflow_handler_duration_seconds_count', undefined, 3],
    ]);
  });

  it('reads infinities and NaN in the spellings Prometheus takes (prom-client writes Nan), and skips a timestamp', () => {
    const samples = parseSamples('a +Inf\nb{x="1"} -Inf 1700000000000\nc NaN\nd Nan\ne inf\n');
    expect(samples.map((sample) => sample.value)).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('throws on a line that is not a sample instead of dropping it', () => {
    expect(() => parseSamples('ok 1\nnot a sample line\n')).toThrow(/line 2 is not an exposition sample/);
    expect(() => parseSamples('x{a="1" b="2"} 1')).toThrow(MetricsPageError);
    expect(() => parseSamples('x one')).toThrow(/value one is not a number/);
  });
});

describe('seriesValue', () => {
  const samples = parseSamples(PAGE);

  it('by default takes the one series whose labels include those given, and throws when several do', () => {
    expect(seriesValue(samples, 'tickflow_events_acked_total', { partition: '0' })).toBe(3);
    expect(seriesValue(samples, 'tickflow_events_acked_total', { group: 'audit' })).toBe(9);
    expect(() => seriesValue(samples, 'tickflow_events_acked_total', { partition: '1' })).toThrow(
      /2 series of tickflow_events_acked_total match \{"partition":"1"\}/,
    );
    expect(seriesValue(samples, 'tickflow_events_acked_total', { partition: '2' })).toBeUndefined();
  });

  it('with exact, takes only a series with no labels besides those given and service', () => {
    const exact = { exact: true };
    expect(seriesValue(samples, 'tickflow_events_acked_total', { type: 'fill', partition: '1' }, exact)).toBe(
      4,
    );
    // Included but not exact: the series also has `type`.
    expect(seriesValue(samples, 'tickflow_events_acked_total', { partition: '0' }, exact)).toBeUndefined();
    expect(seriesValue(samples, 'tickflow_handler_duration_seconds_count', { handler: 'h' }, exact)).toBe(3);
  });
});

describe('familiesOf', () => {
  it('keeps only the families asked for, a histogram with its _bucket, _sum and _count lines', () => {
    const text = familiesOf(PAGE, ['tickflow_handler_duration_seconds']);
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(6);
    expect(text).not.toContain('tickflow_events_acked_total');
    expect(text).not.toContain('tickflow_build_info');
  });

  it('throws naming every family the page lacks', () => {
    expect(() =>
      familiesOf(PAGE, ['tickflow_build_info', 'tickflow_absent_total', 'tickflow_gone_seconds']),
    ).toThrow(
      new MetricsPageError(
        'families missing from the exposition: tickflow_absent_total, tickflow_gone_seconds',
      ),
    );
  });
});

describe('checkMetrics (the real promtool)', () => {
  it('passes a well-formed page with no output', () => {
    expect(checkMetrics(PAGE)).toEqual({ status: 0, output: '' });
  });

  it('fails a counter without _total and without HELP, saying so', () => {
    const bad = '# TYPE tickflow_events_acked counter\ntickflow_events_acked{service="svc"} 3\n';
    const result = checkMetrics(bad);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/tickflow_events_acked.*counter metrics should have "_total" suffix/);
    expect(result.output).toMatch(/no help text/);
  });
});

describe('findTool', () => {
  it('prefers PROMTOOL when set, and refuses one that is not executable rather than look elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'testkit-promtool-'));
    try {
      const fake = join(dir, 'promtool');
      writeFileSync(fake, '#!/bin/sh\n');
      expect(() => findTool('promtool', { PROMTOOL: fake })).toThrow(PrometheusToolMissingError);
      chmodSync(fake, 0o755);
      expect(findTool('promtool', { PROMTOOL: fake })).toBe(fake);
      // PROMTOOL is promtool's alone.
      expect(findTool('prometheus', { PROMTOOL: fake })).toBe('/usr/bin/prometheus');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
