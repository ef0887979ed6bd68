// replay-service's API as an operator drives it: bearer token, an `X-Tickflow-Actor` name for
// the audit log, JSON in and out; and a replay run read back while it goes.
import { waitFor } from '@tickflow/testkit';

export const READ_TOKEN = 'e2e-read-token-0123456789';
export const OPERATOR_TOKEN = 'e2e-operator-token-0123456789';
export const ACTOR = 'ops';

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

export interface RunView {
  readonly id: string;
  readonly target: string;
  readonly state: 'running' | 'paused' | 'completed' | 'cancelled' | 'failed' | 'interrupted';
  readonly speed: string;
  readonly by: string;
  readonly total: number;
  readonly scanned: number;
  readonly replayed: number;
  readonly present: number;
  readonly etaMs?: number;
  readonly error?: string;
}

export interface OperatorClient {
  call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** The body of a 2xx answer; anything else throws with the problem. */
  ok<T>(method: string, path: string, body?: unknown): Promise<T>;
  run(id: string): Promise<RunView>;
  /** Waits until the run satisfies `holds` (rejects at once when it fails). */
  waitForRun(id: string, holds: (run: RunView) => boolean, description: string): Promise<RunView>;
}

/** A client with the operator token (or `token`), acting as `actor`. */
export function operatorClient(api: string, token = OPERATOR_TOKEN, actor = ACTOR): OperatorClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-tickflow-actor': actor,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call<T>(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  };
  const run = (id: string) => ok<RunView>('GET', `/replays/${id}`);
  return {
    call,
    ok,
    run,
    async waitForRun(id, holds, description) {
      const seen = await waitFor(
        async () => {
          const view = await run(id);
          return holds(view) || view.state === 'failed' ? view : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 25, description },
      );
      if (!holds(seen)) throw new Error(`run ${id} failed while waiting for ${description}: ${seen.error}`);
      return seen;
    },
  };
}
