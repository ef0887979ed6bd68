// No Docker engine here, so each service's image is proven by running what it would contain:
// the Dockerfile's own assemble step builds the image's tree into a temporary folder, then
// the image's command line (ENTRYPOINT + CMD in its WORKDIR, its ENV, its USER when we are
// root) starts it against a real Redis. It must answer /readyz, stop on SIGTERM with exit 0
// (the kit exits 1 past SHUTDOWN_GRACE_MS), log no error, and leave its tree untouched: in
// the container that tree is the read-only root filesystem.
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, copyParts } from './dockerfile.ts';
import { readDockerIgnore } from './dockerignore.ts';
import { type ImageProcess, killAll, localExecutable, startImageProcess, useNode } from './image-process.ts';
import {
  assembleCommand,
  DOCKERIGNORE,
  packageManager,
  REPO,
  runtimeLaunch,
  serviceImage,
  workspaceServices,
} from './service-image.ts';
import { sourceFiles, treeChanges, treeSnapshot } from './tree-snapshot.ts';

const run = promisify(execFile);
const services = workspaceServices();

/**
 * What a deployment adds to the image's ENV (its ConfigMap and Secret): the settings a service
 * refuses to start without, and a namespace of its own so the services run side by side here.
 */
const DEPLOYMENT_ENV: Record<string, Record<string, string>> = {
  'market-data-ingest': { INGEST_SOURCE: 'synthetic', INGEST_RATE: '20', INGEST_PACING: 'realtime' },
  'replay-service': {
    API_READ_TOKEN: 'image-test-read-token-0123',
    API_OPERATOR_TOKEN: 'image-test-operator-token-0123',
  },
};

const KIT_DEFAULT_GRACE_MS = 20_000;

let redis: EphemeralRedis;
let scratch: string;
const trees = new Map<string, string>();
const started: ImageProcess[] = [];

beforeAll(async () => {
  redis = await startEphemeralRedis();
  scratch = mkdtempSync(join(tmpdir(), 'tickflow-image-'));
  // mkdtemp makes it 0700: the image's user (when we switch to it) must be able to enter it.
  chmodSync(scratch, 0o755);
  // The project's Node, where the image's user can run it (see useNode).
  const nodeDir = join(scratch, 'node-bin');
  mkdirSync(nodeDir);
  copyFileSync(process.execPath, join(nodeDir, 'node'));
  chmodSync(join(nodeDir, 'node'), 0o755);
  useNode(join(nodeDir, 'node'));
  await Promise.all(
    services.map(async (service) => {
      const tree = join(scratch, service);
      const { argv, cwd } = assembleCommand(serviceImage(service), tree);
      const [command = '', ...args] = argv;
      await run(localExecutable(command), args, { cwd, env: process.env, maxBuffer: 16 * 1024 * 1024 });
      trees.set(service, tree);
    }),
  );
}, 150_000);

afterAll(async () => {
  killAll(started);
  await redis?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

function treeOf(service: string): string {
  const tree = trees.get(service);
  if (tree === undefined) throw new Error(`${service} was not assembled`);
  return tree;
}

describe.concurrent('each service image, run as its container would run', () => {
  it.each(services)(
    '%s answers /readyz, stops cleanly on SIGTERM and writes nothing into its tree',
    async (service) => {
      const tree = treeOf(service);
      const before = treeSnapshot(tree);
      const launch = runtimeLaunch(serviceImage(service), tree, {
        REDIS_URL: redis.url,
        HTTP_PORT: '0',
        TICKFLOW_NAMESPACE: `img-${service}`.slice(0, 32),
        ...DEPLOYMENT_ENV[service],
      });
      const container = startImageProcess(launch);
      started.push(container);

      const port = await container.port;
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
        { timeoutMs: 45_000, description: `${service} /readyz 200` },
      );

      const graceMs = Number(launch.env.SHUTDOWN_GRACE_MS ?? KIT_DEFAULT_GRACE_MS);
      container.child.kill('SIGTERM');
      const exit = await waitFor(() => container.ended(), {
        timeoutMs: graceMs + 15_000,
        description: `${service} to exit after SIGTERM`,
      });
      expect(exit.code, container.output().slice(-3_000)).toBe(0);
      // The kit's last word: every stop hook and consumer finished within the grace. (Its line
      // is the one with an outcome: ingest also logs a 'stopped' summary when its run ends,
      // before or after the kit's.)
      const kitStopped = container.lines.findLast((line) => line.msg === 'stopped' && 'outcome' in line);
      expect(kitStopped?.outcome, container.output().slice(-3_000)).toBe('done');
      const errors = container.lines.filter((line) => typeof line.level === 'number' && line.level >= 50);
      expect(errors, container.output().slice(-3_000)).toEqual([]);
      expect(treeChanges(before, treeSnapshot(tree)).slice(0, 20), 'paths written in the tree').toEqual([]);
    },
    // Start and /readyz (45 s at most) plus the stop (grace + 15 s), on a loaded machine.
    120_000,
  );
});

describe('the assembled trees against the build context', () => {
  it('take every file from the repository through a COPY of the build stage that .dockerignore keeps', () => {
    const ignore = readDockerIgnore(DOCKERIGNORE);
    const copied = all(serviceImage('order-router').build, 'COPY').flatMap((text) => copyParts(text).sources);
    for (const service of services) {
      const files = sourceFiles(treeOf(service));
      expect(files).toContain(`services/${service}/src/main.ts`);
      for (const file of files) {
        expect(existsSync(join(REPO, file)), `${service}: ${file} is in the repository`).toBe(true);
        expect(ignore.excludes(file), `${service}: ${file} is left out by .dockerignore`).toBe(false);
        expect(
          copied.some(
            (source) => file === source || file.startsWith(source.endsWith('/') ? source : `${source}/`),
          ),
          `${service}: ${file} is under a COPY of the build stage`,
        ).toBe(true);
      }
    }
  });

  it('leave out tests, and hold no workspace library under node_modules (Node would not strip its types)', () => {
    for (const service of services) {
      const files = sourceFiles(treeOf(service));
      expect(files.filter((file) => file.split('/').includes('test'))).toEqual([]);
      const virtualStore = readdirSync(join(treeOf(service), 'node_modules', '.pnpm'));
      expect(virtualStore.filter((name) => name.startsWith('@tickflow+'))).toEqual([]);
    }
  });

  it('were built with the pnpm of the packageManager field, as the image is', async () => {
    const { stdout } = await run('pnpm', ['--version'], { cwd: REPO });
    expect(`pnpm@${stdout.trim()}`).toBe(packageManager());
  });

  it('cannot be assembled for a service that does not exist', async () => {
    const { argv, cwd } = assembleCommand(serviceImage('no-such-service'), join(scratch, 'no-such-service'));
    const [command = '', ...args] = argv;
    await expect(run(localExecutable(command), args, { cwd })).rejects.toThrow(
      /no service @tickflow\/no-such-service/,
    );
  });
});
