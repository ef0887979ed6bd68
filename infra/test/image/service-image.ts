// What the Dockerfile says one service's image is, in terms a test can run here: the build
// stage's assemble step (same script, same arguments, into a temporary folder instead of
// /out) and the runtime stage's command line, working folder, environment and user.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import {
  all,
  copyParts,
  type Dockerfile,
  envPairs,
  execForm,
  last,
  readDockerfile,
  type Stage,
} from './dockerfile.ts';
import type { ImageLaunch } from './image-process.ts';

export const REPO = resolve(import.meta.dirname, '../../..');
export const DOCKERFILE = join(REPO, 'Dockerfile');
export const DOCKERIGNORE = join(REPO, '.dockerignore');
export const ASSEMBLE_SCRIPT = 'infra/docker/assemble-service.ts';

/** Every service of the workspace (services/<name>/package.json): each one gets an image. */
export function workspaceServices(): string[] {
  const folder = join(REPO, 'services');
  return readdirSync(folder)
    .filter((name) => existsSync(join(folder, name, 'package.json')))
    .sort();
}

export interface ServiceImage {
  readonly file: Dockerfile;
  readonly build: Stage;
  readonly runtime: Stage;
}

export function serviceImage(service: string): ServiceImage {
  const file = readDockerfile(DOCKERFILE, { SERVICE: service });
  const runtime = file.stages.at(-1);
  const from = runtime && copyFromBuild(runtime);
  const build = file.stages.find((stage) => stage.name === from?.flags.from);
  if (runtime === undefined || from === undefined || build === undefined) {
    throw new Error('the last stage must COPY --from=<build stage> the assembled tree');
  }
  return { file, build, runtime };
}

function copyFromBuild(runtime: Stage): ReturnType<typeof copyParts> | undefined {
  const copies = all(runtime, 'COPY')
    .map(copyParts)
    .filter((copy) => copy.flags.from !== undefined);
  if (copies.length !== 1)
    throw new Error(`the runtime stage must have one COPY --from, has ${copies.length}`);
  return copies[0];
}

/** Splits a shell command into words (double and single quotes; no expansions left to do). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The build stage's RUN instructions, their `--mount` and other flags dropped. */
export function buildRuns(image: ServiceImage): string[][] {
  return all(image.build, 'RUN').map((text) => words(text).filter((word) => !word.startsWith('--mount')));
}

/** The assemble step as the build stage runs it, writing to `out` instead of the stage's folder. */
export function assembleCommand(image: ServiceImage, out: string): { argv: string[]; cwd: string } {
  const steps = buildRuns(image).filter((argv) => argv.includes(ASSEMBLE_SCRIPT));
  const [argv] = steps;
  if (steps.length !== 1 || argv === undefined) throw new Error(`one RUN must call ${ASSEMBLE_SCRIPT}`);
  const { sources } = copyFromBuild(image.runtime) ?? { sources: [] };
  if (argv.at(-1) !== sources[0]) {
    throw new Error(`the assemble step writes ${argv.at(-1)}, the runtime stage copies ${sources[0]}`);
  }
  // The build stage's WORKDIR holds the build context, i.e. this repository.
  return { argv: [...argv.slice(0, -1), out], cwd: REPO };
}

/** The container's command line, in the assembled `tree` (the image's copy destination). */
export function runtimeLaunch(
  image: ServiceImage,
  tree: string,
  deployment: Record<string, string>,
): ImageLaunch {
  const { destination } = copyFromBuild(image.runtime) ?? { destination: '' };
  const workdir = last(image.runtime, 'WORKDIR') ?? '/';
  const inside = posix.relative(destination, workdir);
  if (inside.startsWith('..'))
    throw new Error(`WORKDIR ${workdir} is outside the copied tree ${destination}`);
  const argv = [
    ...execForm(last(image.runtime, 'ENTRYPOINT'), 'ENTRYPOINT'),
    ...execForm(last(image.runtime, 'CMD'), 'CMD'),
  ];
  return {
    argv,
    cwd: join(tree, inside),
    // PATH stands for the base image's (where `node` is); the rest is the image's and the deployment's.
    env: { PATH: process.env.PATH ?? '', ...envPairs(all(image.runtime, 'ENV')), ...deployment },
    user: last(image.runtime, 'USER'),
  };
}

/** `pnpm@X.Y.Z` of the root package.json, which the build stage installs. */
export function packageManager(): string {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    packageManager?: string;
  };
  if (manifest.packageManager === undefined) throw new Error('package.json has no packageManager');
  return manifest.packageManager;
}
