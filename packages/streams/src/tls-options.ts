// TLS settings of a Redis connection, read from PEM files: a CA to trust (else the system's),
// an optional client certificate with its key, and an optional name to verify the server's
// certificate against (when the host in the URL is an address the certificate does not
// name). Every problem is returned at once, per setting, so that the kit can name its
// variable and the CLI its flag. The result is ioredis' `tls` option, for one Redis
// (ConnectionOptions.tls) or a cluster's nodes (ClusterOptions.redisOptions.tls) alike.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

/** Where the TLS material is. Paths are read as given (relative to the working directory). */
export interface RedisTlsFiles {
  /** PEM file of the CA certificate(s) that signed the server's certificate. */
  readonly caFile?: string;
  /** PEM client certificate, for servers that verify clients (`tls-auth-clients yes`). */
  readonly certFile?: string;
  /** PEM private key of the client certificate (unencrypted). */
  readonly keyFile?: string;
  /** Name the server's certificate must carry, instead of the URL's host (also sent as SNI). */
  readonly servername?: string;
}

export type RedisTlsSetting = keyof RedisTlsFiles;

/** One problem with one setting; `message` names the path where there is one. */
export interface RedisTlsIssue {
  readonly setting: RedisTlsSetting;
  readonly message: string;
}

/** ioredis' `tls` option as this module fills it (node's tls.connect options). */
export interface RedisTlsOptions {
  readonly ca?: Buffer[];
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly servername?: string;
}

export interface RedisTlsLoad {
  /** Undefined when no setting is given (or on issues): `rediss://` alone uses the system CAs. */
  readonly tls: RedisTlsOptions | undefined;
  readonly issues: readonly RedisTlsIssue[];
}

/** Whether a Redis URL asks for TLS (`rediss://`, or `rediss+cluster://` for a cluster). */
export function isTlsUrl(url: string): boolean {
  return /^rediss(\+cluster)?:\/\//i.test(url);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;
// A hostname or an address: what a certificate can name.
const SERVERNAME =
  /^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Reads and checks the files of `files`: readable, PEM of the right kind, a certificate and its
 * key given together and matching. `usesTls` is whether the connection speaks TLS (a
 * `rediss://` URL): TLS settings for a plain connection are an issue, not silently ignored.
 */
export function loadRedisTls(files: RedisTlsFiles, usesTls: boolean): RedisTlsLoad {
  const given = (Object.keys(files) as RedisTlsSetting[]).filter((setting) => files[setting] !== undefined);
  if (given.length === 0) return { tls: undefined, issues: [] };
  if (!usesTls) {
    const message = 'set, but the Redis URL is redis:// (no TLS): use a rediss:// URL for TLS';
    return { tls: undefined, issues: given.map((setting) => ({ setting, message })) };
  }
  const issues: RedisTlsIssue[] = [];
  const ca = files.caFile === undefined ? undefined : readCertificates('caFile', files.caFile, issues);
  const cert =
    files.certFile === undefined ? undefined : readCertificates('certFile', files.certFile, issues);
  const key = files.keyFile === undefined ? undefined : readKey(files.keyFile, issues);
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    const missing: RedisTlsSetting = files.certFile === undefined ? 'certFile' : 'keyFile';
    issues.push({
      setting: missing,
      message: `missing: a client certificate and its key go together (${files.certFile ?? files.keyFile} is set)`,
    });
  }
  if (cert && key) checkPair(files, cert, key, issues);
  const servername = files.servername;
  if (servername !== undefined && !SERVERNAME.test(servername)) {
    issues.push({
      setting: 'servername',
      message: `expected a host name like redis.internal, got "${servername}"`,
    });
  }
  if (issues.length > 0) return { tls: undefined, issues };
  return {
    tls: {
      ...(ca ? { ca: ca.blocks } : {}),
      ...(cert && key ? { cert: cert.file, key } : {}),
      ...(servername === undefined ? {} : { servername }),
    },
    issues,
  };
}

function readFile(setting: RedisTlsSetting, path: string, issues: RedisTlsIssue[]): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'a directory, not a file'
            : (error as Error).message;
    issues.push({ setting, message: `cannot read ${path}: ${why}` });
    return undefined;
  }
}

/** The file, and each certificate in it as its own PEM block (a CA file may hold a chain). */
function readCertificates(
  setting: 'caFile' | 'certFile',
  path: string,
  issues: RedisTlsIssue[],
): { file: Buffer; blocks: Buffer[] } | undefined {
  const file = readFile(setting, path, issues);
  if (!file) return undefined;
  const blocks = [...file.toString('latin1').matchAll(PEM_BLOCK)].filter(
    (block) => block[1] === 'CERTIFICATE',
  );
  if (blocks.length === 0) {
    issues.push({ setting, message: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` });
    return undefined;
  }
  for (const [at, block] of blocks.entries()) {
    try {
      new X509Certificate(block[0]);
    } catch (error) {
      issues.push({
        setting,
        message: `${path}: certificate ${at + 1} is not valid PEM (${(error as Error).message})`,
      });
      return undefined;
    }
  }
  return { file, blocks: blocks.map((block) => Buffer.from(block[0], 'latin1')) };
}

function readKey(path: string, issues: RedisTlsIssue[]): Buffer | undefined {
  const file = readFile('keyFile', path, issues);
  if (!file) return undefined;
  const text = file.toString('latin1');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) {
    issues.push({
      setting: 'keyFile',
      message: `${path} is an encrypted key: give it unencrypted (no passphrase)`,
    });
    return undefined;
  }
  if (!/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/.test(text)) {
    issues.push({
      setting: 'keyFile',
      message: `${path} holds no PEM private key (-----BEGIN PRIVATE KEY-----)`,
    });
    return undefined;
  }
  try {
    createPrivateKey(file);
  } catch (error) {
    issues.push({
      setting: 'keyFile',
      message: `${path} is not a valid private key (${(error as Error).message})`,
    });
    return undefined;
  }
  return file;
}

function checkPair(files: RedisTlsFiles, cert: { file: Buffer }, key: Buffer, issues: RedisTlsIssue[]): void {
  try {
    createSecureContext({ cert: cert.file, key });
  } catch (error) {
    issues.push({
      setting: 'keyFile',
      message: `${files.keyFile} is not the key of the certificate in ${files.certFile} (${(error as Error).message})`,
    });
  }
}
