// Filters refused before anything runs: each with the parameter at fault and the offset of
// the fault, whether a syntax error, a type error, a construct too costly per event, or an
// attempt at running code.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../src/errors.ts';
import { compileFilter } from '../src/filter/compile-filter.ts';
import { quoteTick } from './support/q-events.ts';

function refusal(expression: string, parameter?: string): BadInputError {
  try {
    compileFilter(expression, parameter);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error(`"${expression}" compiled`);
}

describe('compileFilter refuses', () => {
  it('a syntax error, at its offset', () => {
    const error = refusal('symbol == "BTC" &&');
    expect(error.parameter).toBe('filter');
    expect(error.position).toBe(18);
    expect(error.message).toMatch(/^filter: Unexpected token/);
    expect(refusal('symbol == "BTC', 'where').message).toMatch(/^where: /);
  });

  it('a field no event type has, at the field', () => {
    const error = refusal('symbol == "BTC" && data.bid_pric == "1"');
    expect(error.position).toBe(24);
    expect(error.message).toContain('bid_pric');
  });

  it('an unknown variable and a type mismatch, at their offsets', () => {
    expect(refusal('price > 1').position).toBe(0);
    const mismatch = refusal('corr == "x" || ts_event > "2024"');
    expect(mismatch.message).toMatch(/no matching overload|no such overload/);
    expect(mismatch.position).toBeGreaterThanOrEqual(15);
    // Decimals are strings: comparing one with a number needs decimal().
    expect(refusal('data.price > 100.5').position).toBe(0);
  });

  it('an expression that is not a condition', () => {
    for (const expression of ['ts_event + 1', 'data.price', '"yes"', 'dyn(true)']) {
      expect(refusal(expression).message, expression).toContain('must be a condition (bool)');
    }
  });

  it('attempts at running code: there is nothing to reach but the event', () => {
    const attempts = [
      'constructor.constructor("return process")().exit(1)',
      'data.constructor.constructor("return process")()',
      'data.__proto__ == null',
      'data["__proto__"] == null',
      '"".constructor == null',
      'require("child_process").execSync("id") == ""',
      'process.exit(1)',
      'globalThis.process == null',
      'this == null',
      '}); process.exit(1); ({',
      'eval("1") == 1',
      'Function("return 1")() == 1',
      // A JavaScript template literal, split so it is not one here.
      '`$' + '{process.exit(1)}`',
    ];
    for (const expression of attempts) {
      expect(() => compileFilter(expression), expression).toThrow(BadInputError);
    }
  });

  it('regular expressions (ReDoS), at the call', () => {
    const error = refusal('symbol == "A" || data.reason.matches("(a+)+$")');
    expect(error.position).toBe(29);
    expect(error.message).toContain('regular expressions');
  });

  it('a comprehension inside another, at the inner one', () => {
    const error = refusal('[1, 2].exists(a, [3, 4].all(b, a < b))');
    expect(error.position).toBe(24);
    expect(() => compileFilter('[1, 2].exists(a, a > 1) && [3].all(b, b > 2)')).not.toThrow();
  });

  it('an ns() time that cannot be one, at its text', () => {
    const error = refusal('ts_event > ns("2024-02-30T00:00:00Z")');
    expect(error.position).toBe(14);
  });

  it('expressions past the limits: empty, too long, too deep, too many nodes', () => {
    expect(refusal('  ').message).toContain('must not be empty');
    expect(refusal(`symbol == "${'A'.repeat(2_000)}"`).message).toContain('at most 2000 characters');
    const deep = `${'('.repeat(40)}true${')'.repeat(40)}`;
    expect(refusal(deep).message).toMatch(/maxDepth/);
    const wide = Array.from({ length: 150 }, () => 'id=="a"').join('||');
    expect(refusal(wide).message).toMatch(/maxAstNodes|AST nodes/);
  });

  it('nothing it refuses is half-compiled: a good filter afterwards works', () => {
    refusal('symbol ==');
    expect(compileFilter('symbol == "BTCUSDT"').matches(quoteTick('BTCUSDT', 1))).toBe(true);
  });
});
