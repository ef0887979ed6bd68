export { parseKinds, type RequeueInput, requeueAction } from './actions/dlq-actions.ts';
export {
  continueReplayAction,
  controlReplayAction,
  type ReplayControl,
  type ReplayStartInput,
  startReplayAction,
} from './actions/replay-actions.ts';
export {
  applyRewindAction,
  parseRewindTarget,
  planRewindAction,
  type RewindInput,
  undoRewindAction,
} from './actions/rewind-actions.ts';
export {
  AUDIT_OUTCOMES,
  type AuditEntry,
  type AuditInput,
  type AuditOutcome,
  appendAudit,
} from './audit/audit-log.ts';
export { type AuditVerdict, audited } from './audit/audited.ts';
export { type AuditPage, type ReadAuditOptions, readAudit } from './audit/read-audit.ts';
export { canonicalEvent } from './digest/canonical.ts';
export { DIFF_TYPES, diffNamespaces, type RunDiff, type TypeDiff } from './digest/diff.ts';
export { DIGEST_TYPES, digestNamespace, type RunDigest } from './digest/digest.ts';
export { type DeadLetterRef, formatRef, parseRef } from './dlq/dead-letter-refs.ts';
export type { DeadLetterEntry } from './dlq/dead-letter-scan.ts';
export {
  type DeadLetterCounts,
  type DeadLetterPage,
  type ListDeadLettersOptions,
  listDeadLetters,
} from './dlq/list-dead-letters.ts';
export { type RequeuedProvenance, requeuedProvenance } from './dlq/provenance.ts';
export {
  type RequeueOptions,
  type RequeueResult,
  requeueDeadLetters,
} from './dlq/requeue-dead-letters.ts';
export type { RequeueMatch } from './dlq/requeue-selection.ts';
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
export { type EventJson, eventToJson } from './event-json.ts';
export { compileFilter, type EventFilter, type EventPredicate } from './filter/compile-filter.ts';
export { DATA_FIELDS, ENVELOPE_VARIABLES, FILTER_FUNCTIONS } from './filter/environment.ts';
export type { GroupConsumer, GroupMember, OldestPending, PartitionLease } from './groups/group-replies.ts';
export {
  type GroupPartitionInfo,
  type InspectGroupsOptions,
  inspectGroups,
} from './groups/inspect-groups.ts';
export { type BehindThresholds, DEFAULT_BEHIND } from './monitor/group-health.ts';
export { createMonitor, type Monitor, type MonitorOptions } from './monitor/monitor.ts';
export {
  type DeadLetterTotals,
  type GroupHealth,
  type HopLatency,
  LATENCY_HOPS,
  type LatencyHop,
  type LatencySummary,
  type LatestFill,
  type MonitorSnapshot,
  type TypeFlow,
} from './monitor/snapshot.ts';
export { type CausalChain, type CausalChainOptions, causalChain } from './query/causal-chain.ts';
export { type CausalChainJson, type ChainNodeJson, chainToJson } from './query/chain-json.ts';
export type { ChainHop, ChainNode } from './query/chain-tree.ts';
export type { QueryOrder } from './query/cursor.ts';
export { exportEvents } from './query/export-events.ts';
export { type FindHints, findEvent } from './query/find-event.ts';
export { MAX_QUERY_LIMIT, type QueryOptions, type QueryPage, queryEvents } from './query/query-events.ts';
export { applyRewind } from './rewind/apply-rewind.ts';
export { type PlanRewindOptions, planRewind } from './rewind/plan-rewind.ts';
export type {
  LiveConsumer,
  RewindGuardOptions,
  RewindPartition,
  RewindPlan,
  RewindTarget,
  SavedPosition,
  SavedRewind,
} from './rewind/rewind-types.ts';
export { readSavedRewind } from './rewind/saved-rewind.ts';
export { undoRewind } from './rewind/undo-rewind.ts';
export { openSelection } from './runs/open-selection.ts';
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
export { assertAvailable } from './selection/assert-available.ts';
export { countInRange } from './selection/count-in-range.ts';
export { type ListInput, parsePartitions, parseSymbols, parseTypes } from './selection/lists.ts';
export { type ReadSelectedOptions, readSelected, type SelectedBatch } from './selection/read-selected.ts';
export { parseSelection, type Selection, type SelectionInput, type TimeAxis } from './selection/selection.ts';
export { parseTimeBound } from './selection/time-bound.ts';
export { type OldestKept, TrimmedHistoryError } from './selection/trimmed-history.ts';
