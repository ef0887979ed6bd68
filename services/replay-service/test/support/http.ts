// The replay-service API as a client sees it: JSON in and out with a bearer token, and the
// `X-Tickflow-Actor` name the audit log records next to the token's level.
export const READ_TOKEN = 'replay-read-token-0123';
export const OPERATOR_TOKEN = 'replay-operator-token-4567';

export interface Answer<T = Body> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

/** A loose view of any answer: each route fills some of these fields, a problem the last ones. */
export type Body = Record<string, unknown> & {
  detail?: string;
  errors?: { parameter: string; message: string }[];
};

export interface CallOptions {
  /** Default the operator token; null sends none. */
  readonly token?: string | null;
  readonly body?: unknown;
  readonly actor?: string;
}

export async function call<T = Body>(
  api: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const token = options.token === undefined ? OPERATOR_TOKEN : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.actor !== undefined) headers['x-tickflow-actor'] = options.actor;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${api}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = (contentType.includes('json') && text !== '' ? JSON.parse(text) : text) as T;
  return { status: response.status, contentType, body };
}

/** The answer's body when it has `status`; otherwise throws with what came instead. */
export async function expectStatus<T = Body>(
  status: number,
  answer: Promise<Answer<T>> | Answer<T>,
): Promise<T> {
  const got = await answer;
  if (got.status !== status) {
    throw new Error(`expected ${status}, got ${got.status}: ${JSON.stringify(got.body)}`);
  }
  return got.body;
}
