// What the partition-memory tests share: a memory loaded with a checkpoint and a state.
import { type Capture, partitionMemory } from '../../src/partition-memory.ts';

export interface Book {
  fills: number;
  symbols: string[];
}

/** A memory loaded from Redis with a checkpoint and a state. */
export function loaded(
  checkpoint: string | undefined = '100-0',
  state: Book | undefined = { fills: 1, symbols: ['AAA'] },
) {
  const memory = partitionMemory();
  memory.load(checkpoint, state === undefined ? undefined : JSON.stringify(state));
  return memory;
}

export function captureOf(memory: ReturnType<typeof partitionMemory>, evenIfNone?: boolean): Capture {
  const capture = memory.capture(evenIfNone);
  if (capture === undefined) throw new Error('expected a capture');
  return capture;
}
