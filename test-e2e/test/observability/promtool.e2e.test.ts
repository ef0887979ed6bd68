// infra/prometheus through promtool, as CI runs it: the local scrape config is valid, the
// rules parse, and the rules' unit tests (tests/*.yml: each alert firing and not firing)
// pass. A copy with one rule broken — an expression that does not parse, a threshold moved —
// fails, so these checks can fail.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/processes.ts';
import { promtool } from '../support/prometheus-server.ts';

const PROMETHEUS_DIR = resolve(root, 'infra/prometheus');
const RULES = 'rules/tickflow.rules.yml';
const testFiles = readdirSync(resolve(PROMETHEUS_DIR, 'tests'))
  .filter((name) => name.endsWith('.yml'))
  .map((name) => `tests/${name}`);

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of infra/prometheus with `edit` applied to the rules file (which must change it). */
function brokenCopy(edit: (rules: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickflow-promtool-'));
  copies.push(dir);
  cpSync(PROMETHEUS_DIR, dir, { recursive: true });
  const original = readFileSync(join(dir, RULES), 'utf8');
  const edited = edit(original);
  expect(edited, 'the edit changes the rules').not.toBe(original);
  writeFileSync(join(dir, RULES), edited);
  return dir;
}

describe('infra/prometheus under promtool', () => {
  it('has a valid scrape configuration that loads the rules', () => {
    const result = promtool(['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/1 rule files found/);
  });

  it('has rules that parse', () => {
    const result = promtool(['check', 'rules', RULES], PROMETHEUS_DIR);
    expect(result.status, result.output).toBe(0);
  });

  it('has rule unit tests, and they pass', () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const result = promtool(['test', 'rules', ...testFiles], PROMETHEUS_DIR);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS/);
  });

  it('fails check rules and check config on a rule that does not parse', () => {
    const dir = brokenCopy((rules) =>
      rules.replace('expr: tickflow_circuit_open == 1', 'expr: tickflow_circuit_open == == 1'),
    );
    const rules = promtool(['check', 'rules', RULES], dir);
    expect(rules.status, rules.output).not.toBe(0);
    expect(rules.output).toMatch(/parse error/);
    expect(promtool(['check', 'config', 'prometheus.yml'], dir).status).not.toBe(0);
  });

  it('fails the unit tests when an alert threshold moves', () => {
    const dir = brokenCopy((rules) =>
      rules.replace(
        'max by (group) (tickflow_group_oldest_pending_age_seconds) > 30',
        'max by (group) (tickflow_group_oldest_pending_age_seconds) > 300',
      ),
    );
    const result = promtool(['test', 'rules', ...testFiles], dir);
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toMatch(/TickflowOldestPendingTooOld/);
  });
});
