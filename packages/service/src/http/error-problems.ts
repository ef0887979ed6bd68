// Turns whatever a request ended with into a problem: a rejected request (400 naming each bad
// field), the server's own refusals (413 body too large, 415, malformed JSON), an HttpError
// a handler threw, a service error class mapped to a status, or — anything else — a 500 that
// says nothing of the error (it is logged with its stack instead).
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type FieldProblem, HttpError, type Problem, reasonPhrase } from './problem.ts';

type ErrorClass = abstract new (...args: never[]) => Error;

/** A service's error class and the status its instances answer with. */
export type ErrorMapping = readonly [errorClass: ErrorClass, status: number];

/**
 * How a service's own errors become problems: a list of [class, status] pairs (first match
 * wins), or a function returning the HttpError to answer with (undefined: not the service's).
 */
export type ErrorMap = readonly ErrorMapping[] | ((error: unknown) => HttpError | undefined);

export interface ProblemAnswer {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  /** True when the error was not expected: log it with its stack. */
  readonly unexpected: boolean;
}

export function problemOf(error: unknown, errorMap: ErrorMap = []): ProblemAnswer {
  if (hasZodFastifySchemaValidationErrors(error)) return expected(validationProblem(error));
  if (error instanceof HttpError)
    return { problem: error.toProblem(), headers: error.headers, unexpected: false };
  const mapped = mapServiceError(error, errorMap);
  if (mapped) return { problem: mapped.toProblem(), headers: mapped.headers, unexpected: false };
  const status = clientErrorStatus(error);
  if (status !== undefined) return expected(plain(status, (error as Error).message));
  return { problem: internalProblemFor(), headers: {}, unexpected: true };
}

const expected = (problem: Problem): ProblemAnswer => ({ problem, headers: {}, unexpected: false });

const plain = (status: number, detail: string): Problem => ({
  type: 'about:blank',
  title: reasonPhrase(status),
  status,
  detail,
});

const internalProblemFor = (): Problem => plain(500, 'an unexpected error occurred; it has been logged');

interface ValidationItem {
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A zod rejection of params, querystring, body or headers: each issue names its field. */
function validationProblem(error: { validation: readonly ValidationItem[]; validationContext?: string }) {
  const location = error.validationContext ?? 'request';
  const errors: FieldProblem[] = error.validation.flatMap((item) => {
    const message = item.message ?? 'invalid';
    const unknownKeys = item.params.keys;
    // A strict object lists every key it does not know in one issue: one field each.
    if (Array.isArray(unknownKeys))
      return unknownKeys.map((key) => ({ parameter: String(key), message: 'unknown parameter' }));
    const path = item.instancePath.split('/').filter((part) => part !== '');
    return [{ parameter: path.length === 0 ? location : path.join('.'), message }];
  });
  return {
    ...plain(400, errors.map((field) => `${field.parameter}: ${field.message}`).join('; ')),
    errors,
  };
}

function mapServiceError(error: unknown, errorMap: ErrorMap): HttpError | undefined {
  if (typeof errorMap === 'function') return errorMap(error);
  const status = errorMap.find(([errorClass]) => error instanceof errorClass)?.[1];
  if (status === undefined || !(error instanceof Error)) return undefined;
  const fields = ownFields(error);
  return new HttpError(status, error.message, {
    extensions: {
      ...fields,
      // A field-level error reads like a rejected request: name the parameter in `errors` too.
      ...(typeof fields.parameter === 'string'
        ? { errors: [{ parameter: fields.parameter, message: error.message }] }
        : {}),
    },
    cause: error,
  });
}

/** The error's own plain fields (e.g. `parameter`, `position`, `code`): never its stack, message or cause. */
function ownFields(error: Error): Record<string, unknown> {
  const skipped = new Set(['name', 'message', 'stack', 'cause']);
  return Object.fromEntries(
    Object.entries(error).filter(
      ([key, value]) =>
        !skipped.has(key) &&
        (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'),
    ),
  );
}

/**
 * The 4xx of fastify's own refusals (FST_ERR_CTP_BODY_TOO_LARGE is 413, a malformed JSON body
 * 400, ...): their messages are written for clients. Another library's statusCode is not trusted.
 */
function clientErrorStatus(error: unknown): number | undefined {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  const isFastifys = typeof code === 'string' && code.startsWith('FST_');
  return isFastifys && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
    ? statusCode
    : undefined;
}
