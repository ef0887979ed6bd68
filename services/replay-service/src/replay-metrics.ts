// Replay progress on /metrics: one series per run (runs are few and operator-started), so a
// dashboard can draw done/total, rate and ETA, and alert on a failed run.
import type { ReplayProgress, ReplayState } from '@tickflow/replay';
import { Gauge, type Registry } from 'prom-client';

const STATES: readonly ReplayState[] = [
  'running',
  'paused',
  'completed',
  'cancelled',
  'failed',
  'interrupted',
];

export function replayMetrics(registry: Registry): (progress: ReplayProgress) => void {
  const gauge = (name: string, help: string, labelNames: string[] = ['run']) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const total = gauge('tickflow_replay_total_entries', 'Entries in the run’s selected range');
  const scanned = gauge('tickflow_replay_scanned_entries', 'Entries of the range gone through');
  const replayed = gauge('tickflow_replay_replayed_events', 'Selected events written to the target');
  const rate = gauge('tickflow_replay_rate_events_per_second', 'Events written per second since the start');
  const eta = gauge('tickflow_replay_eta_seconds', 'Estimated time left (absent once ended)');
  const state = gauge('tickflow_replay_state', 'The run’s state: 1 for its current state', ['run', 'state']);
  return (progress) => {
    const run = { run: progress.id };
    total.set(run, progress.total);
    scanned.set(run, progress.scanned);
    replayed.set(run, progress.replayed + progress.present);
    rate.set(run, progress.ratePerSec);
    if (progress.etaMs === undefined) eta.remove(run);
    else eta.set(run, progress.etaMs / 1000);
    for (const name of STATES) state.set({ run: progress.id, state: name }, name === progress.state ? 1 : 0);
  };
}
