// The error of a selection that asks for history retention already trimmed: a
// HistoryTrimmedError of @tickflow/streams (so code that handles the reader's one handles
// this one), which also says, as data, which stream and what is still there.
import { HistoryTrimmedError } from '@tickflow/streams';

/** The oldest entry a stream still holds. */
export interface OldestKept {
  readonly entryId: string;
  /** Its append time, ms since the epoch (from the entry id). */
  readonly appendMs: number;
  /** Its event's ts_event, ns since the epoch, when readable. */
  readonly tsEventNs: bigint | undefined;
}

export class TrimmedHistoryError extends HistoryTrimmedError {
  readonly stream: string;
  /** The oldest entry still available; undefined when the stream holds none. */
  readonly oldestKept: OldestKept | undefined;

  constructor(stream: string, message: string, oldestKept: OldestKept | undefined) {
    super(message);
    this.name = 'TrimmedHistoryError';
    this.stream = stream;
    this.oldestKept = oldestKept;
  }
}
