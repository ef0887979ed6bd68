// A user's filter expression, compiled once: parsed, guarded (ast-guard.ts) and type-checked
// against the event environment before any event is read, so a bad one is refused with the
// offset of its fault instead of failing a scan half-way. CEL evaluates in a tree-walking
// interpreter with no access to anything but the variables given: no eval, no Function, no
// vm, so an expression can read an event and nothing else.
import { TypeError as CelTypeError, ParseError } from '@marcbachmann/cel-js';
import type { AnyEvent } from '@tickflow/events';
import { BadInputError } from '../errors.ts';
import { refusedConstruct } from './ast-guard.ts';
import { FILTER_LIMITS, filterContext, filterEnvironment } from './environment.ts';

/** A predicate for the TypeScript API: true keeps the event. */
export type EventPredicate = (event: AnyEvent) => boolean;

/** A compiled filter expression. */
export interface EventFilter {
  /** The expression as given. */
  readonly source: string;
  /** True when the expression holds for `event`; an evaluation error (a field of another type) is false. */
  matches(event: AnyEvent): boolean;
}

/**
 * Compiles a CEL filter (see environment.ts for its variables and functions). Throws
 * BadInputError(parameter, message, position) for a syntax or type error, a refused
 * construct, an expression past the limits, or one that is not a bool.
 */
export function compileFilter(expression: string, parameter = 'filter'): EventFilter {
  if (expression.trim() === '') throw new BadInputError(parameter, 'must not be empty', 0);
  if (expression.length > FILTER_LIMITS.maxLength) {
    throw new BadInputError(
      parameter,
      `must be at most ${FILTER_LIMITS.maxLength} characters, got ${expression.length}`,
      FILTER_LIMITS.maxLength,
    );
  }
  const program = parse(expression, parameter);
  const refusal = refusedConstruct(program.ast);
  if (refusal) throw new BadInputError(parameter, refusal.message, refusal.position);
  const checked = program.check();
  if (!checked.valid) throw badInput(parameter, checked.error);
  if (checked.type !== 'bool') {
    throw new BadInputError(
      parameter,
      `must be a condition (bool), but this expression is ${checked.type}`,
      0,
    );
  }
  return {
    source: expression,
    matches(event) {
      try {
        return program(filterContext(event)) === true;
      } catch {
        // A missing field (data.price of a quote), a failed decimal(), a division by zero:
        // this event does not match; the next one is evaluated as usual.
        return false;
      }
    },
  };
}

function parse(expression: string, parameter: string) {
  try {
    return filterEnvironment().parse(expression);
  } catch (error) {
    throw badInput(parameter, error);
  }
}

function badInput(parameter: string, error: unknown): unknown {
  if (error instanceof ParseError || error instanceof CelTypeError) {
    return new BadInputError(parameter, error.summary, error.range?.start ?? 0);
  }
  return error;
}
