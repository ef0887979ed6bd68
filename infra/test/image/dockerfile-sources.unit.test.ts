// The Dockerfile against the repository: what it copies exists and is in the build context,
// its build stage runs only steps the image test reproduces, and its runtime stage is the
// one the issue asks for (Node 24 as the toolchain pins it, non-root, node as PID 1 with the
// service flags of decision 0011, the HTTP port exposed, labels).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { all, copyParts, envPairs, execForm, last } from './dockerfile.ts';
import { parseDockerIgnore, readDockerIgnore } from './dockerignore.ts';
import {
  ASSEMBLE_SCRIPT,
  buildRuns,
  DOCKERIGNORE,
  packageManager,
  REPO,
  serviceImage,
  workspaceServices,
} from './service-image.ts';

const image = serviceImage('order-router');
const ignore = readDockerIgnore(DOCKERIGNORE);

describe('the Dockerfile against the repository', () => {
  const copies = image.file.stages.flatMap((stage) =>
    all(stage, 'COPY')
      .map(copyParts)
      .filter((copy) => copy.flags.from === undefined),
  );
  const sources = copies.flatMap((copy) => copy.sources);

  it('copies from the build context only paths that exist and .dockerignore keeps', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(REPO, source)), `${source} exists`).toBe(true);
      expect(ignore.excludes(source), `${source} is excluded by .dockerignore`).toBe(false);
    }
    expect(sources).toContain(ASSEMBLE_SCRIPT.replace(/[^/]+$/, ''));
  });

  it("keeps the host's installs out of the context (the build stage installs its own)", () => {
    for (const path of [
      'node_modules',
      'packages/events/node_modules/zod/package.json',
      'services/order-router/node_modules',
    ]) {
      expect(ignore.excludes(path), path).toBe(true);
    }
  });

  it('builds with the pnpm of the packageManager field and the assemble script only', () => {
    const runs = buildRuns(image);
    expect(runs).toHaveLength(2);
    expect(runs[0]?.slice(0, 3)).toEqual(['npm', 'install', '--global']);
    expect(all(image.build, 'RUN')[0]).toContain('require("./package.json").packageManager');
    expect(packageManager()).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(runs[1]?.slice(0, 3)).toEqual(['node', ASSEMBLE_SCRIPT, 'order-router']);
  });

  it('runs on the Node 24 release the toolchain pins', () => {
    const pinned = /^NODE_VERSION=(\S+)$/m.exec(readFileSync(join(REPO, 'scripts/run.sh'), 'utf8'))?.[1];
    for (const stage of image.file.stages) expect(stage.base).toBe(`node:${pinned}-bookworm-slim`);
    expect(pinned).toMatch(/^24\./);
  });

  it('runs node as PID 1, with the service flags, as a numeric non-root user, exposing HTTP_PORT', () => {
    const argv = [
      ...execForm(last(image.runtime, 'ENTRYPOINT'), 'ENTRYPOINT'),
      ...execForm(last(image.runtime, 'CMD'), 'CMD'),
    ];
    expect(argv).toEqual(['node', ...SERVICE_NODE_FLAGS, 'src/main.ts']);
    expect(last(image.runtime, 'WORKDIR')).toBe('/app/services/order-router');
    expect(last(image.runtime, 'USER')).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    const env = envPairs(all(image.runtime, 'ENV'));
    expect(last(image.runtime, 'EXPOSE')).toBe(env.HTTP_PORT);
    expect(last(image.runtime, 'STOPSIGNAL')).toBe('SIGTERM');
  });

  it('labels the image with its source, version and revision', () => {
    const labels = all(image.runtime, 'LABEL').join(' ');
    for (const key of ['source', 'version', 'revision', 'title']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
    expect(labels).toContain('org.opencontainers.image.title="tickflow-order-router"');
  });

  it('has a WORKDIR for every service of the workspace', () => {
    for (const service of workspaceServices()) {
      expect(last(serviceImage(service).runtime, 'WORKDIR')).toBe(`/app/services/${service}`);
    }
  });
});

describe('.dockerignore matching', () => {
  const rules = parseDockerIgnore('*\n!packages/\n**/test\n!packages/keep/test/x.ts\n');

  it('re-includes a folder left out by `*`, with what it holds', () => {
    expect(rules.excludes('docs/README.md')).toBe(true);
    expect(rules.excludes('packages/events/src/index.ts')).toBe(false);
  });

  it('lets `**/` match at any depth and the last matching pattern decide', () => {
    expect(rules.excludes('packages/events/test/a.test.ts')).toBe(true);
    expect(rules.excludes('packages/keep/test/x.ts')).toBe(false);
    expect(rules.excludes('packages/keep/test/y.ts')).toBe(true);
  });
});
