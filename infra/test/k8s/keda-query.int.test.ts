// The consumers' KEDA backlog queries, evaluated: for every ScaledObject of every rendered
// overlay, promtool runs the trigger's query (exactly as rendered) over hand-made series named
// and labelled as replay-service's observer exports them, and checks the one sample KEDA
// reads — the group's backlog summed over the partition streams — and the replicas the HPA
// then asks for. KEDA's prometheus scaler needs exactly one sample: several are an error, none
// too (ignoreNullValues "false"), which its `fallback` turns into one replica per partition.
// Copies of a query with a label matcher widened or the NULL-lag stand-in dropped fail.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStrategyServices } from '../../redis/acl/strategy-services.ts';
import {
  type BacklogCase,
  backlogCases,
  consumerOf,
  PARTITIONS,
  spreadBacklog,
} from './support/backlog-cases.ts';
import { type BacklogTrigger, backlogTriggers, desiredReplicasExpr } from './support/keda-trigger.ts';
import { type Expectation, promtoolRuleTest } from './support/promtool-rule-test.ts';
import { K8S_DIR, overlayDirs, render } from './support/render.ts';

const DESIRED = 'keda:desired_replicas';

/** promtool on `query` over the case's series: its answer must be `backlog` (or nothing). */
function evaluateBacklog(query: string, { series, backlog }: BacklogCase) {
  const samples = backlog === undefined ? [] : [{ labels: '{}', value: backlog }];
  return promtoolRuleTest({
    // Recorded too: the query must also load as a rule, as promtool check rules would say.
    rules: [{ record: 'keda:backlog', expr: query }],
    series,
    expect: [{ expr: query, samples }],
  });
}

function expectPass(outcome: { status: number | null; output: string }): void {
  expect(outcome.status, outcome.output).toBe(0);
  expect(outcome.output).toMatch(/SUCCESS/);
}

// Backlogs of `units` × the trigger's threshold + `plus`, and the replicas the HPA asks for.
const REPLICAS = [
  { units: 1.5, plus: 0, replicas: 2 },
  { units: 3, plus: 0, replicas: 3 },
  { units: 3, plus: 1, replicas: 4 },
  { units: 7.5, plus: 0, replicas: 8 },
  // One replica per partition at most: a ninth would own nothing.
  { units: 40, plus: 0, replicas: PARTITIONS },
] as const;

const overlays = overlayDirs().map((dir) => ({
  overlay: basename(dir),
  triggers: backlogTriggers(render(dir)),
}));

describe.each(overlays)('overlay $overlay', ({ triggers }) => {
  it('has one backlog trigger per consumer service', () => {
    // The three consumers, and each generated strategy service (strategy-services.json).
    const consumers = ['fill-recorder', 'order-router', 'signal-engine', ...readStrategyServices()];
    expect(triggers.map((t) => t.name).sort()).toEqual(consumers.sort());
  });

  describe.each(triggers)('ScaledObject $name', (trigger) => {
    const consumer = consumerOf(trigger.target, trigger.namespace);

    it.each(backlogCases(consumer))('$name', (backlogCase) => {
      expectPass(evaluateBacklog(trigger.query, backlogCase));
    });

    it('turns no answer into an error whose fallback is one replica per partition', () => {
      expect(trigger.ignoreNullValues).toBe('false');
      // KEDA's fallback works only for an AverageValue target (ScaledObject spec, `fallback`).
      expect(trigger.metricType).toBe('AverageValue');
      expect(trigger.fallbackReplicas).toBe(trigger.maxReplicas);
      expect(trigger.maxReplicas).toBe(PARTITIONS);
    });

    it.each(REPLICAS)(
      'asks for $replicas replicas at $units × the threshold + $plus',
      ({ units, plus, replicas }) => {
        // AverageValue: the threshold is a backlog per replica (the HPA divides by it).
        expect(trigger.metricType).toBe('AverageValue');
        const backlog = units * trigger.threshold + plus;
        expectPass(replicaTest(trigger, backlog, replicas));
      },
    );

    it('keeps minReplicaCount on an empty backlog, never zero', () => {
      expect(trigger.minReplicas).toBeGreaterThanOrEqual(1);
      expectPass(replicaTest(trigger, 0, trigger.minReplicas));
    });
  });
});

function replicaTest(trigger: BacklogTrigger, backlog: number, replicas: number) {
  const expectations: Expectation[] = [
    { expr: trigger.query, samples: [{ labels: '{}', value: backlog }] },
    { expr: DESIRED, samples: [{ labels: DESIRED, value: replicas }] },
  ];
  const consumer = consumerOf(trigger.target, trigger.namespace);
  return promtoolRuleTest({
    rules: [{ record: DESIRED, expr: desiredReplicasExpr(trigger) }],
    series: spreadBacklog(consumer, backlog),
    expect: expectations,
  });
}

describe('a broken copy of a rendered query', () => {
  const triggers = backlogTriggers(render(`${K8S_DIR}/overlays/dev`));

  /** The named case of `trigger`, evaluated on `edit(query)` (which must change it). */
  function evaluateEdited(trigger: BacklogTrigger, caseName: RegExp, edit: (query: string) => string) {
    const edited = edit(trigger.query);
    expect(edited, 'the edit changes the query').not.toBe(trigger.query);
    const found = backlogCases(consumerOf(trigger.target, trigger.namespace)).find((c) =>
      caseName.test(c.name),
    );
    if (found === undefined) throw new Error(`no case matches ${caseName}`);
    return evaluateBacklog(edited, found);
  }

  it.each(triggers)("fails the other-groups case when $name's group matcher is widened", (trigger) => {
    const group = trigger.target;
    const outcome = evaluateEdited(trigger, /no other group/, (query) =>
      query
        .replaceAll(`group="${group}"`, `group=~"${group}.*"`)
        .replaceAll(`group=~"${group}|`, `group=~"${group}.*|`),
    );
    expect(outcome.status).not.toBe(0);
    expect(outcome.output).toMatch(/FAILED/);
  });

  it.each(triggers)("fails the NULL-lag case when $name's stream-length stand-in is dropped", (trigger) => {
    const outcome = evaluateEdited(trigger, /lag is NULL/, (query) =>
      query.replace('max by (type, partition) (tickflow_stream_length_entries)', 'vector(0)'),
    );
    expect(outcome.status).not.toBe(0);
    expect(outcome.output).toMatch(/FAILED/);
  });
});
