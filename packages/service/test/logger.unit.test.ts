import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (chunk: string) => void lines.push(chunk) } };
}

describe('logger', () => {
  it('writes JSON lines with the service name', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'svc', level: 'info', pretty: false, destination }).info(
      { partition: 3 },
      'owned',
    );
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ name: 'svc', msg: 'owned', partition: 3, level: 30 });
  });

  it('redacts secrets wherever they sit', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'svc', level: 'info', pretty: false, destination });
    logger.info({ config: { REDIS_PASSWORD: 'hunter2', REDIS_URL: 'redis://h:1' } }, 'config');
    logger.info({ connection: { options: { password: 'sesame' } }, token: 'tkn-123' }, 'connect');
    const output = lines.join('');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('sesame');
    expect(output).not.toContain('tkn-123');
    expect(output.match(/\[redacted\]/g)).toHaveLength(3);
    expect(output).toContain('redis://h:1');
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'svc', level: 'warn', pretty: false, destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
