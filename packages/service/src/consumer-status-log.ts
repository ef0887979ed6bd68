// A consumer's status notifications as log lines, at the level an operator would want:
// what the runtime handled on its own (a lost lease, a crashed worker, an open circuit)
// must be seen, not swallowed.
import type { ConsumerStatus } from '@tickflow/streams';
import type { Logger } from './logger.ts';

type Line = [level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string];

export function logStatus(logger: Logger, status: ConsumerStatus): void {
  const [level, fields, message] = lineOf(status);
  logger[level](fields, message);
}

function lineOf(status: ConsumerStatus): Line {
  switch (status.type) {
    case 'lease-acquired':
      return ['info', { stream: status.stream, holder: status.holder }, 'partition lease acquired'];
    case 'lease-released':
      return ['info', { stream: status.stream, reason: status.reason }, 'partition lease released'];
    case 'lease-lost':
      return ['warn', { stream: status.stream, reason: status.reason }, 'partition lease lost'];
    case 'worker-crashed':
      return [
        'error',
        { stream: status.stream, err: status.error },
        'partition worker failed; the partition is given up and taken again',
      ];
    case 'redis-unavailable':
      return [
        'warn',
        { stream: status.stream, err: errorMessage(status.error) },
        'Redis unavailable; the partition worker backs off and recovers',
      ];
    case 'rebalance-failed':
      return ['warn', { err: errorMessage(status.error) }, 'lease round failed; owned partitions run on'];
    case 'circuit-changed':
      return [
        status.state === 'open' ? 'warn' : 'info',
        { handler: status.handler, state: status.state },
        'handler circuit changed',
      ];
  }
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
