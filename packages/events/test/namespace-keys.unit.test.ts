// Keys of a whole namespace (not of one partition): ingest's, a group's circuit reports, the
// operator tools'. Each shares the namespace's hash tag `{<namespace>}`.
import { describe, expect, it } from 'vitest';
import { groupKeys, ingestKeys, operatorKeys } from '../src/index.ts';

describe('ingestKeys', () => {
  it('given a namespace, then the ingest keys share its hash tag', () => {
    const keys = ingestKeys('live');
    expect(keys.deadLetter).toBe('tf:{live}:ingest:dlq');
    expect(keys.progress('tardis-quotes-1a2b')).toBe('tf:{live}:ingest:progress:tardis-quotes-1a2b');
  });

  it('given a source id with a brace or a space, then it throws RangeError', () => {
    expect(() => ingestKeys('live').progress('a{b')).toThrow(RangeError);
    expect(() => ingestKeys('live').progress('a b')).toThrow(RangeError);
    expect(() => ingestKeys('Bad NS')).toThrow(RangeError);
  });
});

describe('groupKeys of a namespace', () => {
  it('given a namespace and a group, then its members and circuits share the namespace hash tag', () => {
    const keys = groupKeys('live', 'order-router');
    expect(keys.members).toBe('tf:{live}:members:order-router');
    expect(keys.circuits).toBe('tf:{live}:circuits:order-router');
  });
});

describe('operatorKeys', () => {
  it('given a namespace, then the operator keys share its hash tag', () => {
    const keys = operatorKeys('live');
    expect(keys.audit).toBe('tf:{live}:audit');
    expect(keys.replayRuns).toBe('tf:{live}:replay:runs');
    expect(keys.rewindUndo('order-router')).toBe('tf:{live}:rewind:order-router');
  });

  it('given a bad namespace or group name, then it throws RangeError', () => {
    expect(() => operatorKeys('Bad NS')).toThrow(RangeError);
    expect(() => operatorKeys('live').rewindUndo('no spaces')).toThrow(RangeError);
  });
});
