// How much of one input line or message ingest will hold in memory. A line is a single
// string and record: past a limit, a corrupt or hostile file ("lines" of hundreds of MB)
// would exhaust memory or V8's string length; it is dead-lettered and skipped instead.

/** Default longest line or WebSocket message, in bytes: 1 MiB, far above any real record. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Bounds of INGEST_MAX_LINE_BYTES: at least a real record, at most well under V8's longest string. */
export const MIN_MAX_LINE_BYTES = 1024;
export const MAX_MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Bytes of a too-long line kept for its dead letter, so a human can see what it was. */
export const PREVIEW_BYTES = 256;
