// A Server-Sent Events parser for text read from a fetch body (EventSource cannot send an
// Authorization header). Follows the HTML standard's event stream interpretation: lines end
// with CRLF, LF or CR; `:` starts a comment (a heartbeat); `event`, `data` (lines joined
// with \n), `id` and `retry` fields; a blank line dispatches the event, if it has data.

/**
 * Returns `push(text)`; calls `onEvent({ type, data, id })` for each complete event,
 * `onRetry(ms)` for a retry field and `onComment(text)` for each comment line.
 */
export function createSseParser({ onEvent, onRetry = () => {}, onComment = () => {} }) {
  let buffer = '';
  let type = '';
  let data = [];
  let lastId = '';

  const dispatch = () => {
    if (data.length > 0) onEvent({ type: type || 'message', data: data.join('\n'), id: lastId });
    type = '';
    data = [];
  };

  const line = (text) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return onComment(text.slice(1).trimStart());
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };

  return function push(text) {
    buffer += text;
    let start = 0;
    for (;;) {
      const cr = buffer.indexOf('\r', start);
      const lf = buffer.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (end === cr && end === buffer.length - 1) break;
      line(buffer.slice(start, end));
      start = end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1);
    }
    buffer = buffer.slice(start);
  };
}
