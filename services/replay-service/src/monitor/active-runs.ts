// The replay runs of this process that are running or paused, for the monitor's snapshots.
// The manager lists runs only from their Redis records and reports progress only once a run
// writes (a run in step mode may not for a long time), so the ids of the runs it starts or
// continues are noted here, through a wrapped manager, and their live progress read back.
import { isFinal, type ReplayManager, type ReplayProgress } from '@tickflow/replay';

export interface ActiveRuns {
  /** The manager to use everywhere: the same one, noting the runs it starts and continues. */
  readonly manager: ReplayManager;
  /** Running and paused runs, in the order they started; ended ones are forgotten. */
  list(): ReplayProgress[];
}

export function trackActiveRuns(manager: ReplayManager): ActiveRuns {
  const ids = new Set<string>();
  return {
    manager: {
      ...manager,
      start: async (request) => {
        const record = await manager.start(request);
        ids.add(record.id);
        return record;
      },
      resume: async (id) => {
        const record = await manager.resume(id);
        ids.add(record.id);
        return record;
      },
    },
    list() {
      const active: ReplayProgress[] = [];
      for (const id of ids) {
        const progress = manager.live(id);
        if (progress === undefined || isFinal(progress.state)) ids.delete(id);
        else active.push(progress);
      }
      return active;
    },
  };
}
