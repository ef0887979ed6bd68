// One event, or a causal chain, as text for people.
import type { AnyEvent } from '@tickflow/events';
import { nsToIso } from '@tickflow/events';
import type { CausalChain, ChainNode } from '@tickflow/replay';
import { entryIdMs, type StoredEvent } from '@tickflow/streams';
import { jsonValue } from '../context.ts';
import { payloadSummary } from './event-summary.ts';
import { isoOfMs, nsDelta } from './time.ts';

export function eventDetail(stored: StoredEvent): string {
  const { event } = stored;
  return [
    `${event.type} ${event.id}  ${event.key}`,
    `  stream      ${stored.stream}  entry ${stored.entryId}  (partition ${stored.partition})`,
    `  appended    ${isoOfMs(entryIdMs(stored.entryId))}`,
    `  event time  ${nsToIso(event.ts_event)}  (ts_event ${event.ts_event})`,
    `  seen        ${nsToIso(event.ts_init)}  (ts_init ${event.ts_init})`,
    `  corr        ${event.corr}`,
    ...(event.cause === undefined ? [] : [`  cause       ${event.cause}`]),
    ...(event.traceparent === undefined ? [] : [`  traceparent ${event.traceparent}`]),
    `  data        ${JSON.stringify(event.data, jsonValue)}`,
  ].join('\n');
}

/** The tree, root first, each hop with its latency in event time and in append time. */
export function chainText(chain: CausalChain): string {
  const lines = [`causal chain of ${chain.focusId}: ${chain.nodes.length} events`];
  if (chain.missingCause !== undefined) {
    lines.push(`  (its top event's cause ${chain.missingCause} was not found: trimmed, or past the search)`);
  }
  for (const node of chain.nodes) lines.push(nodeLine(node, node.id === chain.focusId));
  if (!chain.complete) lines.push('  (a search stopped at its bound: more of the chain may exist)');
  return lines.join('\n');
}

function nodeLine(node: ChainNode, focus: boolean): string {
  const indent = '  '.repeat(node.depth);
  const head = `${focus ? '*' : ' '} ${indent}${node.depth > 0 ? '└ ' : ''}${node.type} ${node.id}`;
  const when =
    node.hop === undefined
      ? `event ${nsToIso(node.tsEventNs)}, appended ${isoOfMs(node.appendMs)}`
      : `event ${nsDelta(node.hop.eventNs)}, append +${node.hop.appendMs} ms`;
  return `${head}  ${when}  ${payloadSummary(node.event as AnyEvent)}`;
}
