// The envelope as a W3C trace-context carrier: `traceparent` and `tracestate` are fields of
// the event (packages/events), so whatever propagator is registered (W3C in our services)
// reads them from an event, or from a raw entry's field list, and writes them into an event
// about to be published. Other keys a propagator may write (b3, baggage) have no envelope
// field and are left out.
import {
  type Context,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { type AnyEvent, withTraceContext } from '@tickflow/events';

const FIELDS = ['traceparent', 'tracestate'] as const;

const eventGetter: TextMapGetter<AnyEvent> = {
  get: (event, key) =>
    key === 'traceparent' ? event.traceparent : key === 'tracestate' ? event.tracestate : undefined,
  keys: () => [...FIELDS],
};

// The last context extractFromEvent made and the values it was made from. An event carrying
// the same values carries that context already (what a handler derives from the entry it
// handles copies them): re-injecting it would cost a propagator call to write them again.
let lastExtracted: Context | undefined;
let lastTraceparent: string | undefined;
let lastTracestate: string | undefined;

/** The trace context an event carries, on an empty context (none: the empty context). */
export function extractFromEvent(event: AnyEvent): Context {
  // Without a traceparent the propagator would find nothing anyway.
  if (event.traceparent === undefined) return ROOT_CONTEXT;
  const extracted = propagation.extract(ROOT_CONTEXT, event, eventGetter);
  if (extracted !== ROOT_CONTEXT) {
    lastExtracted = extracted;
    lastTraceparent = event.traceparent;
    lastTracestate = event.tracestate;
  }
  return extracted;
}

/**
 * True when `event` carries the very values `context` was extracted from (the latest
 * extraction only: one comparison, no memory per entry). The W3C propagator would write them
 * back the same, up to its own formatting of a tracestate.
 */
export function carriesExtracted(event: AnyEvent, context: Context): boolean {
  return (
    context === lastExtracted && event.traceparent === lastTraceparent && event.tracestate === lastTracestate
  );
}

const fieldsGetter: TextMapGetter<readonly string[]> = {
  get: (fields, key) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === key) return fields[i + 1];
    return undefined;
  },
  keys: () => [...FIELDS],
};

/** The trace context in a raw entry's fields (an entry that may not decode as an event). */
export function extractFromFields(fields: readonly string[] | null): Context {
  return fields === null ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, fields, fieldsGetter);
}

interface Written {
  traceparent: string | undefined;
  tracestate: string | undefined;
}

// inject() is synchronous: one carrier serves every call, reset before each.
const written: Written = { traceparent: undefined, tracestate: undefined };
const writtenSetter: TextMapSetter<Written> = {
  set: (carrier, key, value) => {
    if (key === 'traceparent') carrier.traceparent = value;
    else if (key === 'tracestate') carrier.tracestate = value;
  },
};

/**
 * The event carrying `context`'s span context instead of its own (its cause's): a new event
 * object, the given one untouched. The event as it is when no propagator is registered or
 * the context has no valid span, or when what was written is not a valid W3C value (a
 * publish never fails because of tracing).
 */
export function injectIntoEvent<E extends AnyEvent>(event: E, context: Context): E {
  written.traceparent = undefined;
  written.tracestate = undefined;
  propagation.inject(context, written, writtenSetter);
  const { traceparent, tracestate } = written;
  if (traceparent === undefined) return event;
  try {
    // An empty tracestate (every member dropped) is no tracestate.
    return withTraceContext(event, { traceparent, tracestate: tracestate === '' ? undefined : tracestate });
  } catch {
    // A tracestate the envelope refuses is dropped; the traceparent alone still links the trace.
    return tracestate === undefined ? event : withTraceparentOnly(event, traceparent);
  }
}

function withTraceparentOnly<E extends AnyEvent>(event: E, traceparent: string): E {
  try {
    return withTraceContext(event, { traceparent });
  } catch {
    return event;
  }
}
