// `tickflow digest [namespace]` and `tickflow diff <run-a> <run-b>`: a run's determinism
// digest, and the first divergent event of each type between two runs.
import type { AnyEvent } from '@tickflow/events';
import {
  DIFF_TYPES,
  DIGEST_TYPES,
  diffNamespaces,
  digestNamespace,
  parseTypes,
  type RunDiff,
  type RunDigest,
} from '@tickflow/replay';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { jsonValue } from '../context.ts';
import { CommandVerdict } from '../exit-codes.ts';

const DIGEST_EXAMPLES = `
Examples:
  $ tickflow digest replay-m4x2k1a9f3c2
  $ tickflow -n live digest --types signal,order,fill --json

Two runs with the same orders and fills have the same digest, however their partitions interleaved.`;

const DIFF_EXAMPLES = `
Examples:
  $ tickflow diff live replay-m4x2k1a9f3c2
  $ tickflow --json diff bt-a bt-b --types signal

Exit 0 when identical, 1 when they differ (with the first divergent event of each type).`;

export function registerDigestCommands(program: Command, define: Define): void {
  program
    .command('digest')
    .description("hash a run's orders and fills (every field but ts_init and traceparent)")
    .argument('[namespace]', 'the run: a namespace (default --namespace)')
    .option('--types <list>', `event types to hash (default ${DIGEST_TYPES.join(',')})`)
    .addHelpText('after', DIGEST_EXAMPLES)
    .action(
      define(async (context, namespace: string | undefined, options: { types?: string }) => {
        const scope = { ...context.scope, namespace: namespace ?? context.scope.namespace };
        // As the HTTP API reads it: unset, the library's default types.
        const types = options.types === undefined ? undefined : parseTypes(options.types);
        const digest = await digestNamespace(await context.redis(), scope, types);
        context.print(digest, digestText);
      }),
    );

  program
    .command('diff')
    .description('compare two runs event by event; exit 1 when they differ')
    .argument('<run-a>', 'a namespace (live, or a replay run like replay-<id>)')
    .argument('<run-b>', 'the namespace to compare it with')
    .option('--types <list>', `event types to compare (default ${DIFF_TYPES.join(',')})`)
    .addHelpText('after', DIFF_EXAMPLES)
    .action(
      define(async (context, left: string, right: string, options: { types?: string }) => {
        const redis = await context.redis();
        const diff = await diffNamespaces(
          redis,
          { ...context.scope, namespace: left },
          { ...context.scope, namespace: right },
          options.types === undefined ? undefined : parseTypes(options.types),
        );
        context.print(diff, diffText);
        if (!diff.identical) throw new CommandVerdict('runs differ');
      }),
    );
}

function digestText(digest: RunDigest): string {
  const counts = digest.types.map((type) => `${digest.counts[type] ?? 0} ${type}`).join(', ');
  return `${digest.namespace}  ${digest.digest}  (${counts})`;
}

function diffText(diff: RunDiff): string {
  if (diff.identical) {
    const counts = diff.types.map((entry) => `${entry.leftCount} ${entry.type}`).join(', ');
    return `identical: ${diff.left} and ${diff.right} (${counts})`;
  }
  const lines = [`${diff.left} and ${diff.right} differ:`];
  for (const entry of diff.types) {
    if (entry.identical) {
      lines.push(`  ${entry.type}: identical (${entry.leftCount})`);
      continue;
    }
    lines.push(
      `  ${entry.type}: first divergent at #${entry.index} (${entry.leftCount} vs ${entry.rightCount})`,
    );
    lines.push(`    ${diff.left}: ${show(entry.left)}`);
    lines.push(`    ${diff.right}: ${show(entry.right)}`);
  }
  return lines.join('\n');
}

function show(event: AnyEvent | undefined): string {
  return event === undefined ? '(none: this run has fewer)' : JSON.stringify(event, jsonValue);
}
