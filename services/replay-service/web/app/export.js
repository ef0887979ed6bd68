// The NDJSON export of a selection. GET /events/export needs the Authorization header, so a
// plain link cannot fetch it: the page reads the stream itself (counting lines as they come,
// cancellable), makes a Blob of it and offers that as a download.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from './api.js';
import { count } from './format.js';
import { ErrorNote } from './ui.js';

function newlines(chunk) {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** A button exporting `selection()` (called at click time) as NDJSON, then a download link. */
export function ExportButton({ selection }) {
  const [state, setState] = useState({ running: false, lines: 0, bytes: 0 });
  const [error, setError] = useState();
  const [file, setFile] = useState();
  const controller = useRef();
  const link = useRef();

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  const start = async () => {
    controller.current = new AbortController();
    setError(undefined);
    setFile(undefined);
    setState({ running: true, lines: 0, bytes: 0 });
    try {
      const response = await request('GET', '/events/export', {
        query: selection(),
        accept: 'application/x-ndjson',
        signal: controller.current.signal,
      });
      const reader = response.body.getReader();
      const chunks = [];
      let lines = 0;
      let bytes = 0;
      let shown = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        lines += newlines(value);
        bytes += value.byteLength;
        if (Date.now() - shown > 250) {
          shown = Date.now();
          setState({ running: true, lines, bytes });
        }
      }
      const blob = new Blob(chunks, { type: 'application/x-ndjson' });
      const name = `tickflow-events-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
      setFile({ url: URL.createObjectURL(blob), name, lines, bytes });
      setState({ running: false, lines, bytes });
    } catch (failure) {
      setState((previous) => ({ ...previous, running: false }));
      if (failure.name !== 'AbortError') setError(failure);
    }
  };

  return html`<span class="export">
    ${
      state.running
        ? html`<button type="button" data-testid="events-export-cancel" onClick=${() => controller.current?.abort()}>
            Cancel export (${count(state.lines)} events)
          </button>`
        : html`<button type="button" data-testid="events-export" onClick=${start}>Export NDJSON</button>`
    }
    ${
      file
        ? html`<a
            ref=${link}
            href=${file.url}
            download=${file.name}
            data-testid="events-export-link"
            data-lines=${file.lines}
          >
            ${file.name} (${count(file.lines)} events, ${count(Math.ceil(file.bytes / 1024))} KiB)
          </a>`
        : null
    }
    <${ErrorNote} error=${error} testid="events-export-error" />
  </span>`;
}
