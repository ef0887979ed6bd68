// Throw-away TLS material for tests, made by the openssl command line into a temporary
// directory: a CA, a server certificate it signed (for 127.0.0.1 and localhost by default),
// a client certificate it signed, and a second CA with a client certificate of its own, for
// "signed by someone the other side does not trust". EC P-256 keys: generated in milliseconds.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-executable.ts';
import { trackDir, untrackDir } from './process-registry.ts';

const run = promisify(execFile);

/** A certificate and its private key, both PEM files. */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TlsCertificates {
  /** The temporary directory holding every file; removed by `remove()` or when the process exits. */
  readonly dir: string;
  /** The CA that signed `server` and `client`. */
  readonly ca: CertificateFiles;
  /** The server's certificate, with the subject alternative names asked for. */
  readonly server: CertificateFiles;
  /** A client certificate (extended key usage clientAuth) signed by `ca`. */
  readonly client: CertificateFiles;
  /** A CA that signed nothing the other files trust. */
  readonly otherCa: CertificateFiles;
  /** A client certificate signed by `otherCa`: a server trusting `ca` rejects it. */
  readonly strangerClient: CertificateFiles;
  remove(): Promise<void>;
}

export interface TlsCertificateOptions {
  /** The server certificate's subjectAltName entries. Default `['IP:127.0.0.1', 'DNS:localhost']`. */
  readonly serverAltNames?: readonly string[];
  /** Validity in days. Default 2. */
  readonly days?: number;
}

/**
 * Generates a CA, server and client certificates (see {@link TlsCertificates}) with the
 * `openssl` command from PATH.
 *
 * @throws {Error} when openssl is not on PATH (its message says how to install it) or fails.
 */
export async function generateTlsCertificates(options: TlsCertificateOptions = {}): Promise<TlsCertificates> {
  const openssl = findExecutable('openssl');
  if (openssl === undefined) {
    throw new Error('openssl is not on PATH: install it (Debian/Ubuntu: apt-get install openssl)');
  }
  const days = String(options.days ?? 2);
  const dir = await mkdtemp(join(tmpdir(), 'tickflow-tls-'));
  trackDir(dir);
  const files = (name: string): CertificateFiles => ({
    certFile: join(dir, `${name}.pem`),
    keyFile: join(dir, `${name}-key.pem`),
  });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  const makeCa = async (name: string) => {
    const ca = files(name);
    await run(openssl, [
      'req',
      '-x509',
      ...newKey,
      '-days',
      days,
      '-subj',
      `/CN=tickflow test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      ca.keyFile,
      '-out',
      ca.certFile,
    ]);
    return ca;
  };
  const makeLeaf = async (
    name: string,
    issuer: CertificateFiles,
    altNames: readonly string[],
    usage: string,
  ) => {
    const leaf = files(name);
    const request = join(dir, `${name}.csr`);
    const extensions = join(dir, `${name}.ext`);
    await run(openssl, [
      'req',
      '-new',
      ...newKey,
      '-subj',
      `/CN=${name}`,
      '-keyout',
      leaf.keyFile,
      '-out',
      request,
    ]);
    await writeFile(
      extensions,
      `basicConstraints=CA:FALSE\nextendedKeyUsage=${usage}\nsubjectAltName=${altNames.join(',')}\n`,
    );
    await run(openssl, [
      'x509',
      '-req',
      '-in',
      request,
      '-CA',
      issuer.certFile,
      '-CAkey',
      issuer.keyFile,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      days,
      '-extfile',
      extensions,
      '-out',
      leaf.certFile,
    ]);
    return leaf;
  };

  try {
    const [ca, otherCa] = await Promise.all([makeCa('ca'), makeCa('other-ca')]);
    const [server, client, strangerClient] = await Promise.all([
      makeLeaf('server', ca, options.serverAltNames ?? ['IP:127.0.0.1', 'DNS:localhost'], 'serverAuth'),
      makeLeaf('client', ca, ['DNS:client'], 'clientAuth'),
      makeLeaf('stranger', otherCa, ['DNS:stranger'], 'clientAuth'),
    ]);
    return {
      dir,
      ca,
      server,
      client,
      otherCa,
      strangerClient,
      remove: async () => {
        untrackDir(dir);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    untrackDir(dir);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
