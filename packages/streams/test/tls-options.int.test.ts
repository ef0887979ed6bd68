// loadRedisTls: TLS files are checked before any connection — readable, PEM of the right
// kind, a certificate and its key together and matching — and each problem names its path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTlsCertificates, type TlsCertificates } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTlsUrl, loadRedisTls } from '../src/index.ts';

let certs: TlsCertificates;
let scratch: string;
beforeAll(async () => {
  certs = await generateTlsCertificates();
  scratch = mkdtempSync(join(tmpdir(), 'tickflow-tls-options-'));
});
afterAll(async () => {
  await certs?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('loadRedisTls', () => {
  it('gives ioredis options from readable, matching PEM files', () => {
    const { tls, issues } = loadRedisTls(
      {
        caFile: certs.ca.certFile,
        certFile: certs.client.certFile,
        keyFile: certs.client.keyFile,
        servername: 'redis.internal',
      },
      true,
    );
    expect(issues).toEqual([]);
    expect(tls?.ca).toHaveLength(1);
    expect(tls?.cert?.toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect(tls?.key?.toString()).toContain('PRIVATE KEY-----');
    expect(tls?.servername).toBe('redis.internal');
  });

  it('keeps every certificate of a CA bundle', () => {
    const bundle = file(
      'bundle.pem',
      `${readFileSync(certs.ca.certFile)}${readFileSync(certs.otherCa.certFile)}`,
    );
    expect(loadRedisTls({ caFile: bundle }, true).tls?.ca).toHaveLength(2);
  });

  it('gives nothing when nothing is set: rediss:// alone uses the system CAs', () => {
    expect(loadRedisTls({}, true)).toEqual({ tls: undefined, issues: [] });
  });

  it('refuses TLS settings with a plain redis:// URL', () => {
    expect(isTlsUrl('rediss://h:1')).toBe(true);
    expect(isTlsUrl('redis://h:1')).toBe(false);
    expect(isTlsUrl('rediss+cluster://h:1,h:2')).toBe(true);
    expect(isTlsUrl('redis+cluster://h:1,h:2')).toBe(false);
    const { tls, issues } = loadRedisTls({ caFile: certs.ca.certFile, servername: 'x' }, false);
    expect(tls).toBeUndefined();
    expect(issues).toEqual([
      { setting: 'caFile', message: expect.stringMatching(/redis:\/\/ \(no TLS\): use a rediss:\/\/ URL/) },
      { setting: 'servername', message: expect.stringMatching(/use a rediss:\/\/ URL/) },
    ]);
  });

  it('names the path of a file it cannot read or that is no PEM of its kind', () => {
    const missing = join(scratch, 'nowhere.pem');
    const text = file('notes.txt', 'not a certificate\n');
    const { issues } = loadRedisTls({ caFile: missing, certFile: text, keyFile: certs.ca.certFile }, true);
    expect(issues).toEqual([
      { setting: 'caFile', message: `cannot read ${missing}: no such file` },
      { setting: 'certFile', message: `${text} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` },
      {
        setting: 'keyFile',
        message: `${certs.ca.certFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----)`,
      },
    ]);
    const broken = file(
      'broken.pem',
      '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n',
    );
    expect(loadRedisTls({ caFile: broken }, true).issues).toEqual([
      { setting: 'caFile', message: expect.stringContaining(`${broken}: certificate 1 is not valid PEM`) },
    ]);
    expect(loadRedisTls({ caFile: scratch }, true).issues).toEqual([
      { setting: 'caFile', message: `cannot read ${scratch}: a directory, not a file` },
    ]);
  });

  it('wants a client certificate and its key together, and matching', () => {
    expect(loadRedisTls({ certFile: certs.client.certFile }, true).issues).toEqual([
      {
        setting: 'keyFile',
        message: `missing: a client certificate and its key go together (${certs.client.certFile} is set)`,
      },
    ]);
    expect(loadRedisTls({ keyFile: certs.client.keyFile }, true).issues).toEqual([
      {
        setting: 'certFile',
        message: `missing: a client certificate and its key go together (${certs.client.keyFile} is set)`,
      },
    ]);
    expect(
      loadRedisTls({ certFile: certs.client.certFile, keyFile: certs.strangerClient.keyFile }, true).issues,
    ).toEqual([
      {
        setting: 'keyFile',
        message: expect.stringMatching(
          `^${certs.strangerClient.keyFile} is not the key of the certificate in ${certs.client.certFile}`,
        ),
      },
    ]);
  });

  it('refuses an encrypted key and a servername that is no host name', () => {
    const encrypted = file(
      'encrypted-key.pem',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n',
    );
    const { issues } = loadRedisTls(
      { certFile: certs.client.certFile, keyFile: encrypted, servername: 'not a host' },
      true,
    );
    expect(issues).toEqual([
      {
        setting: 'keyFile',
        message: `${encrypted} is an encrypted key: give it unencrypted (no passphrase)`,
      },
      { setting: 'servername', message: 'expected a host name like redis.internal, got "not a host"' },
    ]);
  });
});
