// pino: JSON lines in production, pretty on a terminal. Secrets are redacted by key name
// wherever they appear (config objects, connection options, errors), so logging a config
// or an options object never leaks a password or token.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'password',
  'REDIS_PASSWORD',
  'token',
  'API_READ_TOKEN',
  'API_OPERATOR_TOKEN',
  'secret',
  'authorization',
  'apiKey',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  readonly service: string;
  readonly level: string;
  readonly pretty: boolean;
  /** Where to write (tests); default stdout. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.service,
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty)
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(base);
}
