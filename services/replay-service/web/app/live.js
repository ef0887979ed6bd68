// The live connection: GET /live read as Server-Sent Events over fetch (so it can carry the
// bearer token), kept up for as long as the page wants it. Any byte (a snapshot or a heartbeat
// comment) proves the connection alive; when nothing comes for `silenceMs` the connection is
// taken for dead and dropped. When the stream ends or fails — the service restarted, a proxy
// cut it — it reconnects with exponential backoff and jitter, reporting each state.
import { authHeaders, problemOf } from './api.js';
import { createSseParser } from './sse.js';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const REFUSED_DELAY_MS = 30_000;

/**
 * Connects and keeps reconnecting until the returned function is called.
 * onSnapshot(snapshot) for each `snapshot` event; onState(state, { error, retryInMs }) with
 * state one of connecting, live, reconnecting, refused.
 */
export function connectLive({ url = '/live', onSnapshot, onState, silenceMs = 45_000 }) {
  let stopped = false;
  let controller;
  let wake = () => {};
  let failures = 0;
  let retryMs = FIRST_DELAY_MS;

  const sleep = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const once = async () => {
    controller = new AbortController();
    const { signal } = controller;
    let watchdog;
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(
        () => controller.abort(new Error(`nothing heard for ${silenceMs / 1000} s`)),
        silenceMs,
      );
    };
    alive();
    try {
      const response = await fetch(url, {
        headers: { ...authHeaders('GET'), Accept: 'text/event-stream' },
        cache: 'no-store',
        signal,
      });
      if (!response.ok) throw await problemOf(response);
      if (!response.body) throw new Error('the live stream has no body');
      const push = createSseParser({
        onEvent: (event) => {
          if (event.type !== 'snapshot') return;
          let snapshot;
          try {
            snapshot = JSON.parse(event.data);
          } catch {
            return;
          }
          failures = 0;
          onState('live', {});
          onSnapshot(snapshot);
        },
        onRetry: (ms) => {
          retryMs = Math.min(Math.max(ms, 100), MAX_DELAY_MS);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return new Error('the live stream ended');
        alive();
        push(value);
      }
    } catch (error) {
      return signal.aborted && signal.reason instanceof Error ? signal.reason : error;
    } finally {
      clearTimeout(watchdog);
    }
  };

  const run = async () => {
    onState('connecting', {});
    while (!stopped) {
      const error = await once();
      if (stopped) return;
      failures++;
      const refused = error?.status === 401 || error?.status === 403;
      const backoff = Math.min(MAX_DELAY_MS, retryMs * 2 ** (failures - 1));
      const retryInMs = refused ? REFUSED_DELAY_MS : Math.round(backoff * (0.75 + Math.random() * 0.5));
      onState(refused ? 'refused' : 'reconnecting', { error, retryInMs });
      await sleep(retryInMs);
    }
  };
  run();

  return () => {
    stopped = true;
    controller?.abort();
    wake();
  };
}
