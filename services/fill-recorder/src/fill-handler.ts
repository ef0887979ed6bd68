// Applies each fill to its partition's book once. The execution id is remembered for good
// and the book saved, both in the same atomic step as the ack: a redelivery, a replay, a
// crash or a second event carrying the same execution never counts a fill twice.
import type { FillEvent } from '@tickflow/events';
import type { Handler, HandlerContext } from '@tickflow/streams';
import { applyToBook, type Book, EMPTY_BOOK } from './book.ts';

export const FILL_RECORDER_GROUP = 'fill-recorder';

/** `onApplied` hears of each fill applied (the pipeline-latency metrics); it must not block. */
export function fillHandler(onApplied?: (fill: FillEvent, context: HandlerContext) => void): Handler<'fill'> {
  return async (fill: FillEvent, context: HandlerContext) => {
    const executionId = fill.data.execution_id;
    if (await context.isRemembered(executionId)) return;
    const book = context.state.get<Book>() ?? EMPTY_BOOK;
    context.state.set(applyToBook(book, fill.data, fill.ts_event));
    context.remember(executionId);
    onApplied?.(fill, context);
  };
}
