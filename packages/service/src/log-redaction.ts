// Secrets never reach a log line. Two nets: pino's `redact` censors values by key name where
// they sit (config objects, connection options, headers), and a pass over each finished JSON
// line censors what hides inside strings — a URL's credentials, a bearer token, a token in a
// query string, and the configured secret values themselves — in messages, error messages
// and stacks, at any depth. A few regex passes per line: fine for logs, which are not per event.

import { isClusterUrl } from '@tickflow/streams';
import type { KitConfig } from './config.ts';

export const CENSOR = '[redacted]';

const SECRET_KEYS = [
  'password',
  'REDIS_PASSWORD',
  'token',
  'API_READ_TOKEN',
  'API_OPERATOR_TOKEN',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'apiKey',
  'x-api-key',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
];

/** pino `redact.paths`: each secret key at the top and up to two levels down. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const step = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  const top = step.startsWith('.') ? step.slice(1) : step;
  return [top, `*${step}`, `*.*${step}`];
});

// In JSON text a string cannot contain a bare `"`; `\\.` lets escaped characters through,
// so a match never runs past the end of the string it started in.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)((?:[^\s"\\/?#@]|\\.)+)@/gi;
const BEARER = /\b(Bearer\s+)(?:[^\s"\\]|\\.)+/gi;
const QUERY_SECRET = /([?&](?:access_token|token|api_key|apikey|password|secret)=)(?:[^\s"\\&#]|\\.)+/gi;

/**
 * Shorter configured secrets are left to the key and URL nets: replacing a 4-letter password
 * everywhere would shred the logs (and their keys) more than it protects.
 */
export const MIN_SECRET_VALUE_LENGTH = 8;

/** A function censoring secrets in one serialized JSON log line, `secrets` being known values. */
export function lineRedactor(secrets: readonly string[]): (line: string) => string {
  const values = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_SECRET_VALUE_LENGTH)
    // As they appear inside a JSON string; longest first, so one never leaves part of another.
    .map((secret) => JSON.stringify(secret).slice(1, -1))
    .sort((a, b) => b.length - a.length);
  const known = values.length === 0 ? undefined : new RegExp(values.map(escapeRegExp).join('|'), 'g');
  return (line) => {
    let redacted = known ? line.replace(known, CENSOR) : line;
    if (redacted.includes('://')) redacted = redacted.replace(URL_USERINFO, censorUserinfo);
    redacted = redacted.replace(BEARER, `$1${CENSOR}`);
    if (redacted.includes('=')) redacted = redacted.replace(QUERY_SECRET, `$1${CENSOR}`);
    return redacted;
  };
}

// redis://user:pass@host → redis://user:[redacted]@host; https://token@host → https://[redacted]@host.
function censorUserinfo(_match: string, scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? `${scheme}${CENSOR}@` : `${scheme}${userinfo.slice(0, colon)}:${CENSOR}@`;
}

/** The secret values in the kit's config: passwords, tokens, OTLP header values, URL passwords. */
export function configSecrets(config: KitConfig): string[] {
  const urls = [
    config.REDIS_URL,
    config.OTEL_EXPORTER_OTLP_ENDPOINT,
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  ];
  return [
    config.REDIS_PASSWORD,
    config.API_READ_TOKEN,
    config.API_OPERATOR_TOKEN,
    ...Object.values(config.OTEL_EXPORTER_OTLP_HEADERS ?? {}),
    ...Object.values(config.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? {}),
    ...urls.flatMap(urlPasswords),
  ].filter((secret): secret is string => secret !== undefined && secret !== '');
}

// Both forms: as written in the URL (percent-encoded) and decoded, as a client may log it.
// A cluster URL (`redis+cluster://u:p@h:1,h:2`) is no URL to WHATWG's parser (a port list):
// its password is what lies between the first `:` of the userinfo and the last `@`, as
// parseClusterUrl reads it.
function urlPasswords(url: string | undefined): string[] {
  if (url === undefined) return [];
  const password = isClusterUrl(url) ? clusterUrlPassword(url) : plainUrlPassword(url);
  if (password === undefined || password === '') return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

function plainUrlPassword(url: string): string | undefined {
  try {
    return new URL(url).password;
  } catch {
    return undefined;
  }
}

function clusterUrlPassword(url: string): string | undefined {
  const rest = url.slice(url.indexOf('://') + 3);
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  return at < 0 || colon < 0 || colon > at ? undefined : rest.slice(colon + 1, at);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
