// Partition memory: loading, the checkpoint, and what a capture carries.
import { describe, expect, it } from 'vitest';
import { partitionMemory } from '../src/partition-memory.ts';
import { type Book, captureOf, loaded } from './support/memory.ts';

describe('partition memory: load and alreadyApplied', () => {
  it('parses the loaded state and says which ids the checkpoint covers', () => {
    // Given a memory loaded with checkpoint 100-5
    const memory = loaded('100-5', { fills: 3, symbols: ['AAA'] });

    // Then the state is the loaded JSON, and ids up to and including the checkpoint are applied
    expect(memory.state.get<Book>()).toEqual({ fills: 3, symbols: ['AAA'] });
    expect(memory.alreadyApplied('100-5')).toBe(true);
    expect(memory.alreadyApplied('100-4')).toBe(true);
    expect(memory.alreadyApplied('99-999')).toBe(true);
    expect(memory.alreadyApplied('100-6')).toBe(false);
    expect(memory.alreadyApplied('1000-0')).toBe(false);
  });

  it('applies nothing without a checkpoint, and has no state without state JSON', () => {
    const memory = partitionMemory();
    memory.load(undefined, undefined);
    expect(memory.alreadyApplied('0-1')).toBe(false);
    expect(memory.state.get()).toBeUndefined();
  });

  it('treats a saved JSON null as no state', () => {
    const memory = partitionMemory();
    memory.load('1-0', 'null');
    expect(memory.state.get()).toBeUndefined();
  });

  it('starts over on a second load: uncaptured entries, remembered ids and state are dropped', () => {
    // Given a memory with work since its last capture
    const memory = loaded('100-0');
    memory.processed('101-0');
    memory.remember('order-1');
    memory.state.set({ fills: 9, symbols: [] });

    // When it loads again from what Redis holds
    memory.load('100-0', JSON.stringify({ fills: 1, symbols: ['AAA'] }));

    // Then nothing of that work is left
    expect(memory.uncaptured).toBe(0);
    expect(memory.remembersUnsaved('order-1')).toBe(false);
    expect(memory.state.get()).toEqual({ fills: 1, symbols: ['AAA'] });
    expect(memory.capture()).toBeUndefined();
    expect(captureOf(memory, true).state).toBe('');
  });
});

describe('partition memory: capture', () => {
  it('is undefined when nothing was processed since the last capture', () => {
    const memory = loaded();
    expect(memory.capture()).toBeUndefined();
    memory.processed('101-0');
    captureOf(memory);
    expect(memory.capture()).toBeUndefined();
  });

  it('carries the processed ids in order and empties them', () => {
    const memory = loaded();
    memory.processed('101-0');
    memory.processed('101-1');
    memory.processed('102-0');
    expect(memory.uncaptured).toBe(3);
    expect(captureOf(memory).ids).toEqual(['101-0', '101-1', '102-0']);
    expect(memory.uncaptured).toBe(0);
    memory.processed('103-0');
    expect(captureOf(memory).ids).toEqual(['103-0']);
  });

  it('serializes the state only when set() was called since the last capture', () => {
    // Given a loaded state
    const memory = loaded();

    // When an entry is processed without set(): no state
    memory.processed('101-0');
    expect(captureOf(memory).state).toBe('');

    // When set() is called: the state's JSON
    memory.state.set({ fills: 2, symbols: ['AAA', 'BBB'] });
    memory.processed('102-0');
    expect(captureOf(memory).state).toBe('{"fills":2,"symbols":["AAA","BBB"]}');

    // And the next capture without set() is '' again
    memory.processed('103-0');
    expect(captureOf(memory).state).toBe('');
  });

  it('serializes a state set to undefined as JSON null', () => {
    const memory = loaded();
    memory.state.set(undefined);
    memory.processed('101-0');
    expect(captureOf(memory).state).toBe('null');
  });

  it('with evenIfNone, captures with no ids (e.g. for a dead-letter move)', () => {
    const memory = loaded();
    memory.remember('order-1');
    expect(captureOf(memory, true)).toEqual({ ids: [], state: '', remembered: ['order-1'] });
    memory.state.set({ fills: 5, symbols: [] });
    expect(captureOf(memory, true)).toEqual({
      ids: [],
      state: '{"fills":5,"symbols":[]}',
      remembered: ['order-1'],
    });
  });

  it('uses a toJSON of the live state', () => {
    const memory = loaded();
    memory.state.set({ fills: 7, toJSON: () => ({ compact: 7 }) });
    memory.processed('101-0');
    expect(captureOf(memory).state).toBe('{"compact":7}');
  });

  it('keeps the entries uncaptured when the state cannot be serialized, and captures them once it can', () => {
    // Given a state whose toJSON throws once
    const memory = loaded();
    let broken = true;
    memory.state.set({
      toJSON: () => {
        if (broken) throw new Error('cannot serialize');
        return { fixed: true };
      },
    });
    memory.processed('101-0');
    memory.processed('101-1');
    memory.remember('order-1');

    // When the capture throws
    expect(() => memory.capture()).toThrow('cannot serialize');

    // Then nothing was taken: the entries are still uncaptured, the state still to be serialized
    expect(memory.uncaptured).toBe(2);
    broken = false;
    expect(captureOf(memory)).toEqual({
      ids: ['101-0', '101-1'],
      state: '{"fixed":true}',
      remembered: ['order-1'],
    });
  });

  it('a failed capture leaves rollback restoring the previous capture', () => {
    const memory = loaded('100-0', { fills: 1, symbols: [] });
    memory.state.set({
      toJSON: () => {
        throw new Error('nope');
      },
    });
    memory.processed('101-0');
    expect(() => memory.capture()).toThrow('nope');
    memory.rollback();
    expect(memory.state.get()).toEqual({ fills: 1, symbols: [] });
    expect(memory.uncaptured).toBe(0);
  });
});
