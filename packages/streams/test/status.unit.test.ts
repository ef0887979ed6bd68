import { describe, expect, it } from 'vitest';
import { type ConsumerStatus, createStatusHub } from '../src/status.ts';

const acquired = (stream: string): ConsumerStatus => ({ type: 'lease-acquired', stream, holder: 'member-1' });
const crashed: ConsumerStatus = { type: 'worker-crashed', stream: 's:0', error: new Error('bug') };
const circuit: ConsumerStatus = { type: 'circuit-changed', handler: 'fills', state: 'open' };

/** Lets pending promise callbacks run. */
async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('status hub: listeners', () => {
  it('every listener gets every status emitted, in order', () => {
    // Given two listeners
    const hub = createStatusHub();
    const first: ConsumerStatus[] = [];
    const second: ConsumerStatus[] = [];
    hub.listen((s) => first.push(s));
    hub.listen((s) => second.push(s));

    // When statuses are emitted
    hub.emit(acquired('s:0'));
    hub.emit(crashed);
    hub.emit(circuit);

    // Then both got all of them, the very objects, in order
    expect(first).toEqual([acquired('s:0'), crashed, circuit]);
    expect(second).toEqual(first);
    expect(first[1]).toBe(crashed);
  });

  it('a listener gets only the statuses emitted after it listened', () => {
    const hub = createStatusHub();
    hub.emit(acquired('s:0'));
    const seen: ConsumerStatus[] = [];
    hub.listen((s) => seen.push(s));
    hub.emit(acquired('s:1'));
    expect(seen).toEqual([acquired('s:1')]);
  });

  it('an unsubscribed listener gets nothing more; the others still do', () => {
    // Given two listeners
    const hub = createStatusHub();
    const gone: ConsumerStatus[] = [];
    const kept: ConsumerStatus[] = [];
    const unsubscribe = hub.listen((s) => gone.push(s));
    hub.listen((s) => kept.push(s));
    hub.emit(acquired('s:0'));

    // When one unsubscribes (twice: harmless)
    unsubscribe();
    unsubscribe();
    hub.emit(acquired('s:1'));

    // Then it got only the status before
    expect(gone).toEqual([acquired('s:0')]);
    expect(kept).toEqual([acquired('s:0'), acquired('s:1')]);
  });

  it('a throwing listener breaks neither emit nor the listeners after it', () => {
    // Given a listener that throws, between two that record
    const hub = createStatusHub();
    const before: ConsumerStatus[] = [];
    const after: ConsumerStatus[] = [];
    hub.listen((s) => before.push(s));
    hub.listen(() => {
      throw new Error('listener bug');
    });
    hub.listen((s) => after.push(s));

    // When statuses are emitted
    expect(() => hub.emit(acquired('s:0'))).not.toThrow();
    hub.emit(crashed);

    // Then the others got them all
    expect(before).toEqual([acquired('s:0'), crashed]);
    expect(after).toEqual([acquired('s:0'), crashed]);
  });

  it('emit with no listeners does nothing', () => {
    expect(() => createStatusHub().emit(circuit)).not.toThrow();
  });
});

describe('status hub: iterate', () => {
  it('yields the statuses emitted after it was created, in order, and ends on close()', async () => {
    // Given a status emitted before the iteration started
    const hub = createStatusHub();
    hub.emit(acquired('before'));
    const statuses = hub.iterate();

    // When more are emitted, then the hub closes
    hub.emit(acquired('s:0'));
    hub.emit(crashed);
    hub.emit(circuit);
    hub.close();

    // Then the iteration yields those emitted after it began, then ends
    const seen: ConsumerStatus[] = [];
    for await (const status of statuses) seen.push(status);
    expect(seen).toEqual([acquired('s:0'), crashed, circuit]);
  });

  it('waits for the next status when none is buffered', async () => {
    const hub = createStatusHub();
    const statuses = hub.iterate();
    let result: IteratorResult<ConsumerStatus> | undefined;
    void statuses.next().then((r) => {
      result = r;
    });
    await flush();
    expect(result).toBeUndefined();
    hub.emit(circuit);
    await flush();
    expect(result).toEqual({ done: false, value: circuit });
  });

  it('a pending next() ends when the hub closes', async () => {
    const hub = createStatusHub();
    const statuses = hub.iterate();
    const pending = statuses.next();
    await flush();
    hub.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await expect(statuses.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('keeps only the newest bufferSize statuses, dropping the oldest', async () => {
    // Given an iteration buffering at most 3, not read
    const hub = createStatusHub();
    const statuses = hub.iterate(3);

    // When 5 statuses are emitted
    for (let i = 0; i < 5; i++) hub.emit(acquired(`s:${i}`));
    hub.close();

    // Then the last 3 are yielded
    const seen: string[] = [];
    for await (const status of statuses) if (status.type === 'lease-acquired') seen.push(status.stream);
    expect(seen).toEqual(['s:2', 's:3', 's:4']);
  });

  it('buffers 1000 statuses by default', async () => {
    const hub = createStatusHub();
    const statuses = hub.iterate();
    for (let i = 0; i < 1_005; i++) hub.emit(acquired(`s:${i}`));
    hub.close();
    const seen: string[] = [];
    for await (const status of statuses) if (status.type === 'lease-acquired') seen.push(status.stream);
    expect(seen).toHaveLength(1_000);
    expect(seen[0]).toBe('s:5');
    expect(seen.at(-1)).toBe('s:1004');
  });

  it('a status read as it comes is not dropped by the bound', async () => {
    const hub = createStatusHub();
    const statuses = hub.iterate(1);
    const seen: ConsumerStatus[] = [];
    for (const status of [acquired('s:0'), crashed, circuit]) {
      hub.emit(status);
      const next = await statuses.next();
      if (!next.done) seen.push(next.value);
    }
    expect(seen).toEqual([acquired('s:0'), crashed, circuit]);
  });

  it('return() ends that iteration only; another one and the listeners go on', async () => {
    // Given two iterations and a listener
    const hub = createStatusHub();
    const ended = hub.iterate();
    const going = hub.iterate();
    const heard: ConsumerStatus[] = [];
    hub.listen((s) => heard.push(s));

    // When one iteration returns
    await expect(ended.return?.()).resolves.toEqual({ done: true, value: undefined });
    hub.emit(circuit);

    // Then it yields nothing more; the other iteration and the listener got the status
    await expect(ended.next()).resolves.toEqual({ done: true, value: undefined });
    await expect(going.next()).resolves.toEqual({ done: false, value: circuit });
    expect(heard).toEqual([circuit]);
  });

  it('breaking out of for-await ends the iteration (return() is called)', async () => {
    const hub = createStatusHub();
    const statuses = hub.iterate();
    hub.emit(acquired('s:0'));
    hub.emit(acquired('s:1'));
    for await (const status of statuses) {
      expect(status).toEqual(acquired('s:0'));
      break;
    }
    hub.emit(acquired('s:2'));
    // Nothing emitted after the break reaches it, and it ends (what it had buffered before
    // the break is another matter: see the report on return()).
    const after: string[] = [];
    for (let i = 0; i < 5; i++) {
      const next = await statuses.next();
      if (next.done) break;
      if (next.value.type === 'lease-acquired') after.push(next.value.stream);
    }
    expect(after).not.toContain('s:2');
    await expect(statuses.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('an iteration created after close() ends at once', async () => {
    const hub = createStatusHub();
    hub.close();
    await expect(hub.iterate().next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('is its own async iterator', () => {
    const statuses = createStatusHub().iterate();
    expect(statuses[Symbol.asyncIterator]()).toBe(statuses);
  });
});
