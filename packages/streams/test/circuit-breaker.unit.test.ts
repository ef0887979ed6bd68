import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.ts';

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures, half-opens after the cool-down, closes on success', async () => {
    const time = clock();
    const changes: string[] = [];
    const breaker = createCircuitBreaker({
      failureThreshold: 3,
      coolDownMs: 500,
      now: time.now,
      onChange: (s) => changes.push(s),
    });
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');

    time.advance(500);
    await breaker.ready();
    expect(breaker.state).toBe('half-open');
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a success resets the count of consecutive failures', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 500 });
    breaker.failure();
    breaker.success();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial call opens it again at once', async () => {
    const time = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 5, coolDownMs: 100, now: time.now });
    for (let i = 0; i < 5; i++) breaker.failure();
    time.advance(100);
    await breaker.ready();
    breaker.failure();
    expect(breaker.state).toBe('open');
  });

  it('ready() waits while open and returns when aborted', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 60_000 });
    breaker.failure();
    const abort = new AbortController();
    const waiting = breaker.ready(abort.signal);
    abort.abort();
    await waiting;
    expect(breaker.state).toBe('open');
  });

  it('half-open admits one trial call at a time; the others wait for its outcome', async () => {
    const time = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 100, now: time.now });
    breaker.failure();
    time.advance(100);
    await breaker.ready();
    expect(breaker.state).toBe('half-open');
    let secondAdmitted = false;
    const second = breaker.ready().then(() => {
      secondAdmitted = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(secondAdmitted).toBe(false);
    breaker.success();
    await second;
    expect(secondAdmitted).toBe(true);
    expect(breaker.state).toBe('closed');
  });
});
