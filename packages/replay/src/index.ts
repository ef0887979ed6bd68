export { canonicalEvent } from './digest/canonical.ts';
export { DIFF_TYPES, diffNamespaces, type RunDiff, type TypeDiff } from './digest/diff.ts';
export { DIGEST_TYPES, digestNamespace, type RunDigest } from './digest/digest.ts';
export { FINAL_STATES, isFinal, type ReplayProgress, type ReplayState } from './engine/progress.ts';
export {
  type ReplayBatch,
  type ReplayRun,
  type ReplayRunOptions,
  startReplayRun,
} from './engine/replay-run.ts';
export { formatSpeed, parseSpeed, type Speed } from './engine/speed.ts';
export { assertNotSource, assertTargetEmpty, targetPositions } from './engine/target-checks.ts';
export { BadInputError, ConflictError, NotFoundError } from './errors.ts';
export {
  createReplayManager,
  type OpenedSelection,
  type OpenSelection,
  type ReplayManager,
  type ReplayManagerOptions,
  type ReplayRequest,
} from './runs/replay-manager.ts';
export { listRunRecords, loadRunRecord, type RunRecord } from './runs/run-record.ts';
export { allPartitions, type Scope } from './scope.ts';
