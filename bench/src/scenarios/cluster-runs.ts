// The cluster scenario's runs on one backend (a single Redis or the cluster): the publish and
// hop scenarios' own code on that backend's URL, with each server's memory and CPU sampled
// around the run, so that a figure can be given per stored event and per master.
import { entriesPerServer, type PerEntry, perEntry, type Servers, sample } from '../cluster-servers.ts';
import type { BenchOptions } from '../options.ts';
import { streamsOf } from '../redis.ts';
import { type HopFigures, hopNamespace, runHop } from './hop.ts';
import { PROJECT_PUBLISH_NAMESPACE, projectPublish, RAW_PUBLISH_NAMESPACE, rawPublish } from './publish.ts';

export type Side = 'project' | 'raw';

export interface PublishRun {
  readonly eventsPerS: number;
  /** used_memory and Redis CPU per stored entry, per server and in all. */
  readonly stored: PerEntry;
}

export interface HopRun {
  readonly figures: HopFigures;
  /** Redis CPU per event through the hop (publish, read, ack), per server and in all. */
  readonly spent: PerEntry;
}

/** Each side's publish run, from an empty backend (raw first, as the publish scenario). */
export async function publishRuns(
  servers: Servers,
  url: string,
  options: BenchOptions,
): Promise<Record<Side, PublishRun>> {
  const run = async (side: Side): Promise<PublishRun> => {
    await servers.flush();
    const before = await sample(servers);
    const eventsPerS =
      side === 'raw'
        ? await rawPublish(url, options.publishEvents)
        : await projectPublish(url, options.publishEvents);
    const after = await sample(servers);
    const namespace = side === 'raw' ? RAW_PUBLISH_NAMESPACE : PROJECT_PUBLISH_NAMESPACE;
    const entries = await entriesPerServer(servers, streamsOf(namespace));
    return { eventsPerS, stored: perEntry(before, after, entries) };
  };
  const raw = await run('raw');
  const project = await run('project');
  return { raw, project };
}

/** Each side's hop run (burst, then the latency run at 10k/s), from an empty backend. */
export async function hopRuns(
  servers: Servers,
  url: string,
  options: BenchOptions,
): Promise<Record<Side, HopRun>> {
  const run = async (side: Side): Promise<HopRun> => {
    await servers.flush();
    const before = await sample(servers);
    const figures = await runHop(url, options, side);
    const after = await sample(servers);
    // The hop's streams are not trimmed at these sizes: their lengths are the events published.
    const entries = await entriesPerServer(servers, streamsOf(hopNamespace(side)));
    return { figures, spent: perEntry(before, after, entries) };
  };
  const raw = await run('raw');
  const project = await run('project');
  return { raw, project };
}
