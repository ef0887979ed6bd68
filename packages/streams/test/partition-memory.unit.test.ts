import { describe, expect, it } from 'vitest';
import { type Capture, partitionMemory } from '../src/partition-memory.ts';

interface Book {
  fills: number;
  symbols: string[];
}

/** A memory loaded from Redis with a checkpoint and a state. */
function loaded(
  checkpoint: string | undefined = '100-0',
  state: Book | undefined = { fills: 1, symbols: ['AAA'] },
) {
  const memory = partitionMemory();
  memory.load(checkpoint, state === undefined ? undefined : JSON.stringify(state));
  return memory;
}

function captureOf(memory: ReturnType<typeof partitionMemory>, evenIfNone?: boolean): Capture {
  const capture = memory.capture(evenIfNone);
  if (capture === undefined) throw new Error('expected a capture');
  return capture;
}

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

describe('partition memory: rollback', () => {
  it('restores the state of the last capture, as a fresh object, even after in-place mutation', () => {
    // Given a captured state
    const memory = loaded('100-0', { fills: 1, symbols: ['AAA'] });
    memory.state.set({ fills: 2, symbols: ['AAA'] });
    memory.processed('101-0');
    captureOf(memory);

    // When an attempt mutates the live object in place, calls set, then fails
    const live = memory.state.get<Book>() as Book;
    live.fills = 99;
    live.symbols.push('ZZZ');
    memory.state.set(live);
    memory.processed('102-0');
    memory.rollback();

    // Then the state is the captured one, in a new object, and the mutation is gone
    const restored = memory.state.get<Book>();
    expect(restored).toEqual({ fills: 2, symbols: ['AAA'] });
    expect(restored).not.toBe(live);
    expect(live.symbols).toEqual(['AAA', 'ZZZ']);
  });

  it('restores the state mutated in place without set() too', () => {
    const memory = loaded('100-0', { fills: 1, symbols: ['AAA'] });
    (memory.state.get<Book>() as Book).symbols.push('ZZZ');
    memory.rollback();
    expect(memory.state.get()).toEqual({ fills: 1, symbols: ['AAA'] });
  });

  it('restores the loaded JSON when there was no capture since the load', () => {
    // Given a loaded state, changed by an attempt
    const memory = loaded('100-0', { fills: 1, symbols: ['AAA'] });
    memory.state.set({ fills: 50, symbols: [] });
    memory.processed('101-0');

    // When the attempt is undone
    memory.rollback();

    // Then the state is the loaded one and the entry is to be handled again
    expect(memory.state.get()).toEqual({ fills: 1, symbols: ['AAA'] });
    expect(memory.uncaptured).toBe(0);
    expect(memory.capture()).toBeUndefined();
  });

  it('restores no state when none was loaded', () => {
    const memory = partitionMemory();
    memory.load(undefined, undefined);
    memory.state.set({ fills: 1, symbols: [] });
    memory.rollback();
    expect(memory.state.get()).toBeUndefined();
  });

  it('leaves nothing to serialize: the next capture says the state is unchanged', () => {
    const memory = loaded();
    memory.state.set({ fills: 50, symbols: [] });
    memory.rollback();
    memory.processed('101-0');
    expect(captureOf(memory).state).toBe('');
  });

  it('keeps the state of the last capture even when a later capture left it unchanged', () => {
    const memory = loaded('100-0', { fills: 1, symbols: [] });
    memory.state.set({ fills: 2, symbols: [] });
    memory.processed('101-0');
    captureOf(memory);
    memory.processed('102-0');
    expect(captureOf(memory).state).toBe('');
    memory.state.set({ fills: 3, symbols: [] });
    memory.rollback();
    expect(memory.state.get()).toEqual({ fills: 2, symbols: [] });
  });

  it('forgets the ids remembered since the last capture, keeps those captured and not yet applied', () => {
    // Given an id remembered and captured (its ack not applied yet)
    const memory = loaded();
    memory.remember('order-1');
    memory.processed('101-0');
    captureOf(memory);

    // When a later attempt remembers another id and fails
    memory.remember('order-2');
    expect(memory.remembersUnsaved('order-2')).toBe(true);
    memory.rollback();

    // Then only the captured one is still remembered, and the next capture carries it
    expect(memory.remembersUnsaved('order-1')).toBe(true);
    expect(memory.remembersUnsaved('order-2')).toBe(false);
    memory.processed('101-0');
    expect(captureOf(memory).remembered).toEqual(['order-1']);
  });

  it('forgets every remembered id when nothing was captured', () => {
    const memory = loaded();
    memory.remember('order-1');
    memory.rollback();
    expect(memory.remembersUnsaved('order-1')).toBe(false);
    expect(captureOf(memory, true).remembered).toEqual([]);
  });
});

describe('partition memory: applied', () => {
  it('forgets the remembered ids the applied capture saved, not those remembered since', () => {
    // Given a capture carrying order-1, and order-2 remembered after it
    const memory = loaded('100-0');
    memory.remember('order-1');
    memory.processed('101-0');
    const capture = captureOf(memory);
    memory.remember('order-2');

    // When Redis applied the capture
    memory.applied(capture, '101-0');

    // Then order-1 is saved (no longer unsaved), order-2 still unsaved, and the checkpoint moved
    expect(memory.remembersUnsaved('order-1')).toBe(false);
    expect(memory.remembersUnsaved('order-2')).toBe(true);
    expect(memory.alreadyApplied('101-0')).toBe(true);
    expect(captureOf(memory, true).remembered).toEqual(['order-2']);
  });

  it('a rollback after applied does not bring back the saved ids', () => {
    const memory = loaded('100-0');
    memory.remember('order-1');
    memory.processed('101-0');
    const capture = captureOf(memory);
    memory.applied(capture, '101-0');
    memory.rollback();
    expect(memory.remembersUnsaved('order-1')).toBe(false);
  });

  it('a later capture repeats the unsaved ids of an earlier one still in flight', () => {
    const memory = loaded('100-0');
    memory.remember('order-1');
    memory.processed('101-0');
    const first = captureOf(memory);
    memory.remember('order-2');
    memory.processed('102-0');
    const second = captureOf(memory);
    expect(first.remembered).toEqual(['order-1']);
    expect(second.remembered).toEqual(['order-1', 'order-2']);
    memory.applied(first, '101-0');
    memory.applied(second, '102-0');
    expect(memory.remembersUnsaved('order-1')).toBe(false);
    expect(memory.remembersUnsaved('order-2')).toBe(false);
  });

  it('moves the checkpoint only forward', () => {
    // Given a checkpoint at 100-5
    const memory = loaded('100-5');
    const empty: Capture = { ids: [], state: '', remembered: [] };

    // When an ack through an earlier id is reported applied
    memory.applied(empty, '99-0');

    // Then the checkpoint stays
    expect(memory.alreadyApplied('100-5')).toBe(true);
    expect(memory.alreadyApplied('100-4')).toBe(true);

    // And a later one moves it, numerically (not by string order)
    memory.applied(empty, '1000-0');
    expect(memory.alreadyApplied('999-9')).toBe(true);
    expect(memory.alreadyApplied('1000-0')).toBe(true);
    expect(memory.alreadyApplied('1000-1')).toBe(false);
    memory.applied(empty, '200-0');
    expect(memory.alreadyApplied('999-9')).toBe(true);
  });

  it('sets the checkpoint when there was none', () => {
    const memory = partitionMemory();
    memory.load(undefined, undefined);
    memory.applied({ ids: ['5-0'], state: '', remembered: [] }, '5-0');
    expect(memory.alreadyApplied('5-0')).toBe(true);
    expect(memory.alreadyApplied('5-1')).toBe(false);
  });
});
