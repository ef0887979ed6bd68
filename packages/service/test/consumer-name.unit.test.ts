// TICKFLOW_CONSUMER_NAME: checked like the streams runtime checks a consumer name, and the
// names built from it unique per group and per process, within Redis's 128 characters.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consumerNameFor, newIncarnation } from '../src/consumer-name.ts';
import { ConfigError, parseConfig } from '../src/index.ts';

const parse = (name: string | undefined) =>
  parseConfig('svc', z.object({}), { REDIS_URL: 'redis://h:1', TICKFLOW_CONSUMER_NAME: name });

describe('TICKFLOW_CONSUMER_NAME', () => {
  it('is optional, and an empty value means unset', () => {
    expect(parse(undefined).TICKFLOW_CONSUMER_NAME).toBeUndefined();
    expect(parse('').TICKFLOW_CONSUMER_NAME).toBeUndefined();
  });

  it('takes a pod name and any 1-128 of A-Z a-z 0-9 . _ -', () => {
    expect(parse('order-router-7d9f8c6b5-x2x9q').TICKFLOW_CONSUMER_NAME).toBe('order-router-7d9f8c6b5-x2x9q');
    expect(parse('A.b_9').TICKFLOW_CONSUMER_NAME).toBe('A.b_9');
    expect(parse('p'.repeat(128)).TICKFLOW_CONSUMER_NAME).toHaveLength(128);
  });

  it.each([
    ['a space', 'pod 1'],
    ['a colon', 'pod:1'],
    ['a slash', 'ns/pod'],
    ['129 characters', 'p'.repeat(129)],
    ['non-ASCII', 'pöd'],
  ])('refuses %s, naming the variable', (_, name) => {
    expect(() => parse(name)).toThrow(ConfigError);
    expect(() => parse(name)).toThrow(/TICKFLOW_CONSUMER_NAME: expected 1-128 of A-Z a-z 0-9 \. _ -/);
  });
});

describe('consumerNameFor', () => {
  it('is <group>-<base>-<incarnation>', () => {
    expect(consumerNameFor('order-router', 'order-router-7d9f-abcde', '0a1b2c')).toBe(
      'order-router-order-router-7d9f-abcde-0a1b2c',
    );
  });

  it('differs per group and per process (a container restarted in the same pod)', () => {
    const first = newIncarnation();
    const second = newIncarnation();
    expect(first).toMatch(/^[0-9a-f]{6}$/);
    expect(first).not.toBe(second);
    expect(consumerNameFor('signal-engine.a', 'pod', first)).not.toBe(
      consumerNameFor('signal-engine.b', 'pod', first),
    );
    expect(consumerNameFor('g', 'pod', first)).not.toBe(consumerNameFor('g', 'pod', second));
  });

  it('fits 128 characters with the longest group and base, keeping the end of the base', () => {
    const group = 'g'.repeat(64);
    const base = `${'x'.repeat(120)}-tail9`;
    const name = consumerNameFor(group, base, '0a1b2c');
    expect(name).toHaveLength(128);
    expect(name).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    expect(name.endsWith('-tail9-0a1b2c')).toBe(true);
  });
});
