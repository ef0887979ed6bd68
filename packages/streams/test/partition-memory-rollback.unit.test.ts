// Partition memory: undoing an attempt (rollback) and what an applied ack leaves behind.
import { describe, expect, it } from 'vitest';
import { type Capture, partitionMemory } from '../src/partition-memory.ts';
import { type Book, captureOf, loaded } from './support/memory.ts';

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
