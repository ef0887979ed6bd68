// The kit's Redis TLS variables. `rediss://` (or `rediss+cluster://`) in REDIS_URL turns TLS
// on (the system's CAs); REDIS_TLS_CA_FILE trusts a private CA instead, REDIS_TLS_CERT_FILE +
// REDIS_TLS_KEY_FILE give a client certificate (servers with `tls-auth-clients yes`),
// REDIS_TLS_SERVERNAME the name the server's certificate must carry when REDIS_URL's host is
// not it. The files are checked with the rest of the configuration (exit 2, the variable and
// the path named); the runtime's loadRedisTls does the reading, so the CLI and cluster
// connections read them alike.
import {
  isTlsUrl,
  loadRedisTls,
  type RedisTlsFiles,
  type RedisTlsOptions,
  type RedisTlsSetting,
} from '@tickflow/streams';
import { z } from 'zod';
import { REDIS_URL_PATTERN } from './redis-url.ts';

export const redisTlsShape = {
  /** PEM CA certificate(s) to trust for the server's certificate; unset: the system's CAs. */
  REDIS_TLS_CA_FILE: z.string().optional(),
  /** PEM client certificate; with REDIS_TLS_KEY_FILE. */
  REDIS_TLS_CERT_FILE: z.string().optional(),
  /** PEM private key (unencrypted) of REDIS_TLS_CERT_FILE. */
  REDIS_TLS_KEY_FILE: z.string().optional(),
  /** Name to verify the server's certificate against (and send as SNI), instead of REDIS_URL's host. */
  REDIS_TLS_SERVERNAME: z.string().optional(),
};

type RedisTlsVariable = keyof typeof redisTlsShape;
type RedisTlsConfig = { readonly REDIS_URL?: string | undefined } & {
  readonly [variable in RedisTlsVariable]?: string | undefined;
};

const VARIABLE: Readonly<Record<RedisTlsSetting, RedisTlsVariable>> = {
  caFile: 'REDIS_TLS_CA_FILE',
  certFile: 'REDIS_TLS_CERT_FILE',
  keyFile: 'REDIS_TLS_KEY_FILE',
  servername: 'REDIS_TLS_SERVERNAME',
};

function filesOf(config: RedisTlsConfig): RedisTlsFiles {
  return {
    ...(config.REDIS_TLS_CA_FILE === undefined ? {} : { caFile: config.REDIS_TLS_CA_FILE }),
    ...(config.REDIS_TLS_CERT_FILE === undefined ? {} : { certFile: config.REDIS_TLS_CERT_FILE }),
    ...(config.REDIS_TLS_KEY_FILE === undefined ? {} : { keyFile: config.REDIS_TLS_KEY_FILE }),
    ...(config.REDIS_TLS_SERVERNAME === undefined ? {} : { servername: config.REDIS_TLS_SERVERNAME }),
  };
}

/** Problems with the TLS variables, for the config schema: each under its variable, paths named. */
export function redisTlsIssues(config: RedisTlsConfig): { path: string[]; message: string }[] {
  // A missing or malformed REDIS_URL is reported by its own rule.
  if (config.REDIS_URL === undefined || !REDIS_URL_PATTERN.test(config.REDIS_URL)) return [];
  return loadRedisTls(filesOf(config), isTlsUrl(config.REDIS_URL)).issues.map((issue) => ({
    path: [VARIABLE[issue.setting]],
    message: issue.message,
  }));
}

/** `{ tls }` for ConnectionOptions (empty when no TLS variable is set); the config was checked. */
export function redisTlsConnection(config: RedisTlsConfig & { readonly REDIS_URL: string }): {
  tls?: RedisTlsOptions;
} {
  const { tls } = loadRedisTls(filesOf(config), isTlsUrl(config.REDIS_URL));
  return tls === undefined ? {} : { tls };
}
