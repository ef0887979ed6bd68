// Every Redis user of Tickflow, described once: who it is, which keys it may read or write and
// with which commands. infra/redis/users.acl is rendered from this (generate.ts); the tests
// load that file into a real redis-server and run the services as these users.
//
// Each grant is an ACL selector: a set of keys together with the only commands allowed on
// them. A consumer must XACK its input stream (a write) yet never XADD to it; with one flat
// permission set per user, "write on the stream" would allow both. So the commands that touch
// a key are listed with that key, and the user's root permissions hold only keyless commands.
import { EVENT_TYPES, type EventType } from '@tickflow/events';
import {
  APPEND,
  CLOCK,
  CONNECTION,
  CONSUME_GROUP_WRITE,
  CONSUME_READ,
  CONSUMER_STATE,
  GET_SET,
  OPERATOR_RECORDS,
  PUBLISH_MARKERS,
  READ_EVERYTHING,
  SCRIPTS,
  UPSTREAM_READ,
} from './commands.ts';
import {
  anyGroupPattern,
  everyKeyPattern,
  groupPatterns,
  ingestPatterns,
  killSwitchPattern,
  markerPattern,
  type NamespaceScope,
  operatorPatterns,
  partitionPattern,
} from './key-patterns.ts';
import { checkStrategyServices, readStrategyServices } from './strategy-services.ts';

/** Keys by access: `read` (`%R~`), `write` (`%W~`), `readWrite` (`~`). */
export interface KeyAccess {
  readonly read?: readonly string[];
  readonly write?: readonly string[];
  readonly readWrite?: readonly string[];
}

/** One selector: these commands, on these keys only. */
export interface Grant {
  /** What the grant is for: documentation here (an ACL file holds no comments, see render.ts). */
  readonly why: string;
  readonly keys: KeyAccess;
  readonly commands: readonly string[];
}

export interface AclUser {
  readonly name: string;
  readonly purpose: string;
  /** `secret`: passwords come from a Secret at deploy time (add-passwords.sh). */
  readonly login: 'secret' | 'none' | 'disabled';
  /** Keyless commands allowed outside any selector. */
  readonly commands: readonly string[];
  readonly grants: readonly Grant[];
}

const EVERY_CONNECTION = [...CONNECTION, ...CLOCK];

/** A consumer group `group` reading `type`: its reads, group writes, scripts, state, dead letters. */
function consumerGrants(scope: NamespaceScope, type: EventType, group: string): Grant[] {
  const stream = partitionPattern(scope, type);
  const lease = partitionPattern(scope, type, (k) => k.lease(group));
  const fence = partitionPattern(scope, type, (k) => k.fence(group));
  const checkpoint = partitionPattern(scope, type, (k) => k.checkpoint(group));
  const remembered = partitionPattern(scope, type, (k) => k.remembered(group));
  const deadLetter = partitionPattern(scope, type, (k) => k.deadLetter);
  const { members, circuits } = groupPatterns(scope, group);
  return [
    { why: `${group} reads ${type}`, keys: { read: [stream] }, commands: CONSUME_READ },
    {
      why: `${group} moves its group on ${type}`,
      keys: { readWrite: [stream] },
      commands: CONSUME_GROUP_WRITE,
    },
    {
      why: `${group}'s scripts (ack, dead-letter, lease-*, heartbeat) with their declared keys`,
      keys: { readWrite: [stream, lease, fence, checkpoint, remembered, deadLetter, members] },
      commands: SCRIPTS,
    },
    {
      why: `${group}'s own state: lease, fence, checkpoint, remembered ids, members, circuits`,
      keys: { readWrite: [lease, fence, checkpoint, remembered, members, circuits] },
      commands: CONSUMER_STATE,
    },
    { why: `${group} dead-letters ${type} entries`, keys: { write: [deadLetter] }, commands: APPEND },
  ];
}

/** Publishing `type` through publish.lua: the script, its append, its dedupe markers. */
function publisherGrants(scope: NamespaceScope, type: EventType): Grant[] {
  const stream = partitionPattern(scope, type);
  const markers = markerPattern(scope, type);
  return [
    { why: `publish.lua on ${type}`, keys: { readWrite: [stream, markers] }, commands: SCRIPTS },
    { why: `appends ${type} events`, keys: { write: [stream] }, commands: APPEND },
    { why: `${type} dedupe markers`, keys: { readWrite: [markers] }, commands: PUBLISH_MARKERS },
  ];
}

/**
 * What runs strategies over market data: consume it as `group`, publish signals. signal-engine's
 * rights, and each generated strategy service's for its own group (strategy-services.json).
 */
function strategyHostGrants(scope: NamespaceScope, group: string): Grant[] {
  return [...consumerGrants(scope, 'market_data', group), ...publisherGrants(scope, 'signal')];
}

/** What replay-service and the CLI do: read everything; replay, requeue, rewind, audit. */
function operatorGrants(scope: NamespaceScope): Grant[] {
  const streams = EVENT_TYPES.map((type) => partitionPattern(scope, type));
  const deadLetters = EVENT_TYPES.map((type) => partitionPattern(scope, type, (k) => k.deadLetter));
  const requeued = EVENT_TYPES.map((type) => partitionPattern(scope, type, (k) => k.requeued));
  const checkpoints = EVENT_TYPES.map((type) => anyGroupPattern(scope, type, (k, g) => k.checkpoint(g)));
  const { audit, replayRuns, rewindUndo } = operatorPatterns(scope);
  return [
    { why: 'reads every Tickflow key', keys: { read: [everyKeyPattern()] }, commands: READ_EVERYTHING },
    {
      why: 'replays append copies, requeues append to streams, rewinds move groups (XGROUP SETID)',
      keys: { write: streams },
      commands: ['xadd', 'xgroup|setid'],
    },
    {
      why: 'requeue-dead-letters.lua, rewind-group.lua, rewind-restore.lua with their declared keys',
      keys: { readWrite: [...streams, ...deadLetters, ...requeued, ...checkpoints] },
      commands: SCRIPTS,
    },
    { why: 'marks requeued dead letters', keys: { readWrite: requeued }, commands: ['hset'] },
    { why: 'rewinds any group’s checkpoint', keys: { readWrite: checkpoints }, commands: ['hset', 'hdel'] },
    { why: 'the audit log', keys: { write: [audit] }, commands: APPEND },
    {
      why: 'replay runs and saved rewinds',
      keys: { readWrite: [replayRuns, rewindUndo] },
      commands: OPERATOR_RECORDS,
    },
  ];
}

export interface AclUsersOptions {
  /** The namespace the services are confined to; default `*` (any). The operator's writes span namespaces (replay targets). */
  readonly namespace?: NamespaceScope;
  /**
   * The strategy services (`strategy-<name>`), each a user like signal-engine's; default: those
   * of strategy-services.json. The generator passes the list it is about to write.
   */
  readonly strategyServices?: readonly string[];
}

/** Every user, in the order users.acl lists them. */
export function aclUsers(options: AclUsersOptions = {}): AclUser[] {
  const scope = options.namespace ?? '*';
  const strategyServices = checkStrategyServices(options.strategyServices ?? readStrategyServices());
  const service = (name: string, purpose: string, grants: Grant[]): AclUser => ({
    name,
    purpose,
    login: 'secret',
    commands: EVERY_CONNECTION,
    grants,
  });
  const ingest = ingestPatterns(scope);
  return [
    {
      name: 'default',
      purpose: 'off: every connection logs in as a named user',
      login: 'disabled',
      commands: [],
      grants: [],
    },
    {
      name: 'probe',
      purpose: 'readiness probes (PING only, no password: it can do nothing else)',
      login: 'none',
      commands: ['ping'],
      grants: [],
    },
    service('market-data-ingest', 'publishes market data; its dead letters and progress', [
      ...publisherGrants(scope, 'market_data'),
      { why: 'records that failed validation', keys: { write: [ingest.deadLetter] }, commands: APPEND },
      {
        why: 'the last line published per source',
        keys: { readWrite: [ingest.progress] },
        commands: GET_SET,
      },
    ]),
    service(
      'signal-engine',
      'consumes market data, publishes signals',
      strategyHostGrants(scope, 'signal-engine'),
    ),
    ...strategyServices.map((name) =>
      service(
        name,
        `a strategy service: consumes market data as ${name}, publishes signals`,
        strategyHostGrants(scope, name),
      ),
    ),
    service('order-router', 'consumes signals, publishes orders and (simulated) fills; its kill switch', [
      ...consumerGrants(scope, 'signal', 'order-router'),
      ...publisherGrants(scope, 'order'),
      ...publisherGrants(scope, 'fill'),
      { why: 'the kill switch', keys: { readWrite: [killSwitchPattern(scope)] }, commands: GET_SET },
    ]),
    service('fill-recorder', 'consumes fills; reads upstream entries for hop latencies', [
      ...consumerGrants(scope, 'fill', 'fill-recorder'),
      {
        why: 'upstream entries and their dedupe markers (hop latencies)',
        keys: {
          read: (['market_data', 'signal', 'order'] as const).flatMap((type) => [
            partitionPattern(scope, type),
            markerPattern(scope, type),
          ]),
        },
        commands: UPSTREAM_READ,
      },
    ]),
    service('replay-service', 'the operator API and the monitor: operator rights', operatorGrants('*')),
    service(
      'operator',
      'the CLI (tools/tickflow): replay, dead-letter requeue, rewinds',
      operatorGrants('*'),
    ),
    service('readonly', 'audit queries, the CLI’s reads, dashboards: reads only', [
      { why: 'reads every Tickflow key', keys: { read: [everyKeyPattern()] }, commands: READ_EVERYTHING },
    ]),
  ];
}
