// `npm run bench [-- --quick] [-- --only=publish,hop,tracing,ingest,cluster]`: starts its own
// ephemeral Redis, runs each scenario against the project and a raw ioredis baseline doing the
// same Redis work (the cluster scenario starts a 3-master cluster beside it), and prints a
// table plus one JSON line per scenario. Absolute figures vary between machines; the ratios
// are what to compare. Exit code: 0 unless the bench itself failed (missed targets do not
// fail it: timings are noisy).
import { availableParallelism } from 'node:os';
import { startEphemeralRedis } from '@tickflow/testkit';
import { parseOptions } from './options.ts';
import { rawClient } from './redis.ts';
import { jsonLine, type ScenarioResult, table } from './report.ts';
import { clusterScenario } from './scenarios/cluster.ts';
import { hopScenario } from './scenarios/hop.ts';
import { ingestScenario } from './scenarios/ingest.ts';
import { memoryScenario } from './scenarios/memory.ts';
import { pipelineScenario } from './scenarios/pipeline.ts';
import { publishScenario } from './scenarios/publish.ts';
import { replayScenario } from './scenarios/replay.ts';
import { tracingScenario } from './scenarios/tracing.ts';

const options = parseOptions(process.argv.slice(2));
const mode = options.quick ? 'quick' : 'full';
const scenarios: [string, (url: string) => Promise<ScenarioResult>][] = [
  ['publish', (url) => publishScenario(url, options)],
  ['hop', (url) => hopScenario(url, options)],
  ['pipeline', () => pipelineScenario()],
  ['replay', (url) => replayScenario(url, options)],
  ['memory', (url) => memoryScenario(url, options)],
  ['tracing', (url) => tracingScenario(url, options)],
  ['ingest', (url) => ingestScenario(url, options)],
  ['cluster', (url) => clusterScenario(url, options)],
];

const server = await startEphemeralRedis();
const admin = await rawClient(server.url);
const results: ScenarioResult[] = [];
try {
  const version = (await admin.info('server')).match(/redis_version:(\S+)/)?.[1] ?? '?';
  console.error(
    `tickflow bench (${mode}) — Node ${process.version}, Redis ${version}, ${availableParallelism()} CPUs`,
  );
  for (const [name, run] of scenarios) {
    if (options.only && !options.only.includes(name)) continue;
    console.error(`running ${name}...`);
    await admin.flushall();
    const result = await run(server.url);
    results.push(result);
    console.log(jsonLine(result, mode));
  }
  console.log(`\n${table(results)}`);
  if (options.quick) console.log('\n(quick mode: tiny sizes, figures are a smoke test, not measurements)');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  admin.disconnect();
  await server.stop();
}
