// `node bench/src/tools/cpu-profile-top.ts <file.cpuprofile | dir> [--top=25]`: the top
// self-time functions of V8 CPU profiles (node --cpu-prof), summed by function and file,
// with the share of all samples; a directory sums every .cpuprofile in it. For reading a
// profile without DevTools (the bench's profiling notes in docs/performance.md use it).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly us: number;
}

/** Self time (µs) per `function (file:line)`, summed over `profiles`, largest first. */
export function selfTimes(profiles: readonly CpuProfile[], root = process.cwd()): SelfTime[] {
  const totals = new Map<string, number>();
  for (const profile of profiles) {
    const names = new Map(profile.nodes.map((node) => [node.id, label(node, root)]));
    // timeDeltas[i] is the time before sample i; it is charged to the sampled node.
    profile.samples.forEach((id, i) => {
      const name = names.get(id) ?? '?';
      totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
  }
  return [...totals].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);
}

/** The same times summed per file (a label's part before `:line`, the whole of a pseudo-function). */
export function byFile(times: readonly SelfTime[]): SelfTime[] {
  const totals = new Map<string, number>();
  for (const { name, us } of times) {
    const file = name.match(/ (\S+):\d+$/)?.[1] ?? name;
    totals.set(file, (totals.get(file) ?? 0) + us);
  }
  return [...totals].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);
}

function label(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return file === ''
    ? `${functionName || '(anonymous)'}`
    : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

async function load(path: string): Promise<CpuProfile[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((name) => name.endsWith('.cpuprofile')).map((name) => join(path, name))
    : [path];
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(file, 'utf8')) as CpuProfile));
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const path = args.find((arg) => !arg.startsWith('--'));
  const top = Number(args.find((arg) => arg.startsWith('--top='))?.slice('--top='.length) ?? 25);
  if (path === undefined) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile | dir> [--top=25]');
  const times = selfTimes(await load(path));
  const total = times.reduce((sum, { us }) => sum + us, 0);
  const line = ({ name, us }: SelfTime) =>
    `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`;
  console.log(`total ${(total / 1e6).toFixed(2)} s sampled\n\nby function:`);
  for (const entry of times.slice(0, top)) console.log(line(entry));
  console.log('\nby file (or V8 pseudo-function):');
  for (const entry of byFile(times).slice(0, top)) console.log(line(entry));
}
