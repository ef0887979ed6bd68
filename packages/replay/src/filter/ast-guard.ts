// What the CEL grammar allows but a filter run on millions of events must not do, found in
// the parsed expression before anything runs:
// - `matches`: CEL promises linear-time RE2, but here it would be a JavaScript RegExp, and a
//   pattern like (a+)+$ backtracks for ever on one event (ReDoS);
// - a comprehension (all, exists, exists_one, map, filter) inside another: each runs over
//   at most FILTER_LIMITS.maxListElements elements, nested ones multiply;
// - `ns("...")` with a text that is no ISO-8601 time: it could never hold, say so now.
import type { ASTNode } from '@marcbachmann/cel-js';
import { nsFromIso } from '@tickflow/events';

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** A construct refused, with the 0-based offset where it starts. */
export interface Refusal {
  readonly message: string;
  readonly position: number;
}

/** The first refused construct in the expression, or undefined when there is none. */
export function refusedConstruct(root: ASTNode): Refusal | undefined {
  return visit(root, false);
}

function visit(node: ASTNode, inComprehension: boolean): Refusal | undefined {
  let inner = inComprehension;
  if (node.op === 'call' || node.op === 'rcall') {
    const name = node.args[0];
    if (name === 'matches') {
      return {
        message:
          'regular expressions (matches) are not allowed in filters; use contains, startsWith or endsWith',
        position: nameOffset(node),
      };
    }
    if (node.op === 'rcall' && COMPREHENSIONS.has(name)) {
      if (inComprehension) {
        return {
          message: `${name}() inside another comprehension is not allowed`,
          position: nameOffset(node),
        };
      }
      inner = true;
    }
    if (node.op === 'call' && name === 'ns') {
      const refusal = badTimeLiteral(node.args[1][0]);
      if (refusal) return refusal;
    }
  }
  for (const child of childrenOf(node)) {
    const refusal = visit(child, inner);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Where a call's function name starts: for `x.name(...)`, after the receiver, not at x. */
function nameOffset(node: ASTNode & { op: 'call' | 'rcall' }): number {
  if (node.op === 'call') return node.start;
  const at = node.input.indexOf(node.args[0], node.args[1].end);
  return at < 0 ? node.start : at;
}

function badTimeLiteral(argument: ASTNode | undefined): Refusal | undefined {
  if (argument?.op !== 'value' || typeof argument.args !== 'string') return undefined;
  try {
    nsFromIso(argument.args);
    return undefined;
  } catch (error) {
    return { message: error instanceof Error ? error.message : String(error), position: argument.start };
  }
}

/** The sub-expressions of a node, whatever its operator's argument layout. */
function childrenOf(node: ASTNode): ASTNode[] {
  const found: ASTNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) collect(item);
    else if (isNode(value)) found.push(value);
  };
  collect(node.args);
  return found;
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}
