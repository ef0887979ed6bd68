// What the live connection brought: the latest snapshot, the connection's state, and the last
// five minutes of rates per event type in ring buffers. However fast snapshots come, the views
// that use them re-render at most once a second (useLive), so the page stays responsive
// whatever the pipeline's rate: it only ever shows aggregates.
import { useEffect, useState } from 'preact/hooks';
import { Ring } from './ring.js';

export const EVENT_TYPES = ['market_data', 'signal', 'order', 'fill'];
export const HISTORY_MS = 5 * 60_000;
const CAPACITY = 1_200; // five minutes at up to four snapshots a second
const RENDER_EVERY_MS = 1_000;

const times = new Ring(CAPACITY); // seconds, as uPlot's time scale wants
const rates = Object.fromEntries(EVENT_TYPES.map((type) => [type, new Ring(CAPACITY)]));
const listeners = new Set();
let state = { version: 0, snapshot: undefined, receivedAt: undefined, connection: 'idle', detail: {} };
let timer;
let lastEmit = 0;
let cached = { version: -1, series: {} };

function emit() {
  timer = undefined;
  lastEmit = Date.now();
  state = { ...state, version: state.version + 1 };
  for (const listener of listeners) listener(state.version);
}

function emitSoon() {
  if (timer !== undefined) return;
  timer = setTimeout(emit, Math.max(0, lastEmit + RENDER_EVERY_MS - Date.now()));
}

/** Keeps a snapshot from /live: the latest one is shown, its rates go into the history. */
export function pushSnapshot(snapshot) {
  const atSec = (Number(snapshot?.at) || Date.now()) / 1000;
  const lastSec = times.length > 0 ? times.at(times.length - 1) : Number.NEGATIVE_INFINITY;
  if (atSec > lastSec) {
    times.push(atSec);
    for (const type of EVENT_TYPES) {
      const rate = snapshot?.types?.[type]?.ratePerSec;
      rates[type].push(typeof rate === 'number' ? rate : Number.NaN);
    }
  }
  state = { ...state, snapshot, receivedAt: Date.now() };
  emitSoon();
}

/** The connection's state (connecting, live, reconnecting, refused) and why. */
export function setConnection(connection, detail = {}) {
  if (connection === state.connection && detail.error === state.detail.error) return;
  state = { ...state, connection, detail };
  // A change of state is rare and worth showing at once.
  clearTimeout(timer);
  emit();
}

/** Forgets everything (a new token may see another service). */
export function resetLive() {
  times.clear();
  for (const ring of Object.values(rates)) ring.clear();
  state = { ...state, snapshot: undefined, receivedAt: undefined, connection: 'idle', detail: {} };
  cached = { version: -1, series: {} };
  clearTimeout(timer);
  emit();
}

/** [times (s), rates] of `type` over the last five minutes, as uPlot data; the same arrays until the next render. */
export function rateSeries(type) {
  if (cached.version !== state.version) cached = { version: state.version, series: {} };
  if (!cached.series[type]) {
    const last = times.length > 0 ? times.at(times.length - 1) : 0;
    let from = 0;
    while (from < times.length && times.at(from) < last - HISTORY_MS / 1000) from++;
    const ys = rates[type].toArray(from).map((v) => (Number.isNaN(v) ? null : v));
    cached.series[type] = [times.toArray(from), ys];
  }
  return cached.series[type];
}

export function liveState() {
  return state;
}

/** The live state, re-rendering the caller at most once a second (and at once on a connection change). */
export function useLive() {
  const [, setVersion] = useState(state.version);
  useEffect(() => {
    listeners.add(setVersion);
    return () => listeners.delete(setVersion);
  }, []);
  return state;
}
