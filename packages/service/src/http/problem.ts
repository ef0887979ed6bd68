// RFC 9457 problem details: every error the HTTP server answers is one of these, as
// `application/problem+json`. `type` stays `about:blank` (the status says what happened)
// unless a service names its own problem type.
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field of a request that was rejected, and why. */
export interface FieldProblem {
  readonly parameter: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** For a rejected request: each bad field. */
  readonly errors?: readonly FieldProblem[];
  /** Extension members (RFC 9457 §3.2), e.g. a `position` in an expression. */
  readonly [extension: string]: unknown;
}

export interface HttpErrorOptions {
  /** Default: the status's reason phrase. */
  readonly title?: string;
  /** A URI naming the problem type; default `about:blank`. */
  readonly type?: string;
  /** Extra members of the problem object (RFC 9457 extension members). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** Thrown by a route handler to answer with a problem of its choosing (a 4xx, or a deliberate 5xx). */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, detail: string, options: HttpErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.title = options.title ?? reasonPhrase(status);
    this.type = options.type ?? 'about:blank';
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(): Problem {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
    };
  }
}

export const reasonPhrase = (status: number): string => STATUS_CODES[status] ?? 'Error';
