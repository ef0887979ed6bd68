// One trace as a waterfall picture, drawn from the spans the OTLP receiver collected: a row
// per span, indented by its depth under its parent, a bar from its start to its end on a
// shared time axis, "service: span name" and its duration. Where a CONSUMER span's parent is a
// PRODUCER span (a send, then the process of what it sent), the time between the send's end
// and the process's start is the event waiting in Redis: drawn as a hatched "Redis" gap. The
// SVG is self-contained (no fonts, scripts or links) so docs can show it as it is, and
// trace-waterfall-png.ts turns it into a PNG.
import type { ReceivedSpan } from '@tickflow/testkit/otlp';

export interface WaterfallOptions {
  /** Width of the whole picture in px. Default 1200. */
  readonly width?: number;
  /** A line above the rows. Default: the trace id and its total duration. */
  readonly title?: string;
}

export interface WaterfallRow {
  readonly span: ReceivedSpan;
  readonly depth: number;
}

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 58;
const LABEL_WIDTH = 380;
const RIGHT_MARGIN = 90;
const INDENT = 16;
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f'];

/** The spans in display order: each parent before its children, siblings by start time. */
export function waterfallRows(spans: readonly ReceivedSpan[]): WaterfallRow[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of spans) {
    // A span whose parent is not in the list (not exported, or another trace's) is shown as a root.
    const parent =
      span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    const ordered = [...(children.get(parent) ?? [])].sort((a, b) =>
      a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.spanId.localeCompare(b.spanId),
    );
    for (const span of ordered) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

/** The SVG of one trace's spans (all of the same trace id). */
export function renderWaterfallSvg(spans: readonly ReceivedSpan[], options: WaterfallOptions = {}): string {
  if (spans.length === 0) throw new Error('renderWaterfallSvg: no spans to draw');
  const traceIds = new Set(spans.map((span) => span.traceId));
  if (traceIds.size > 1)
    throw new Error(`renderWaterfallSvg: spans of ${traceIds.size} traces; draw one trace at a time`);
  const width = options.width ?? 1200;
  const rows = waterfallRows(spans);
  // bigint times: Math.min/max take numbers only.
  let startNs = (spans[0] as ReceivedSpan).startNs;
  let endNs = startNs;
  for (const span of spans) {
    if (span.startNs < startNs) startNs = span.startNs;
    if (span.endNs > endNs) endNs = span.endNs;
  }
  const totalNs = endNs > startNs ? endNs - startNs : 1n;
  const barWidth = width - LABEL_WIDTH - RIGHT_MARGIN;
  const x = (ns: bigint) =>
    LABEL_WIDTH + Number(((ns - startNs) * 1_000_000n) / totalNs) / (1_000_000 / barWidth);
  const height = HEADER_HEIGHT + rows.length * ROW_HEIGHT + 16;
  const services = [...new Set(rows.map((row) => row.span.service))];
  const colorOf = (service: string) => PALETTE[services.indexOf(service) % PALETTE.length] as string;
  const byId = new Map(spans.map((span) => [span.spanId, span]));

  const parts: string[] = [];
  const title = options.title ?? `trace ${[...traceIds][0]} — ${formatDuration(endNs - startNs)}`;
  parts.push(`<text x="12" y="22" class="title">${escapeXml(title)}</text>`);
  parts.push(
    `<rect x="${width - 330}" y="11" width="22" height="12" class="redis"/>`,
    `<text x="${width - 302}" y="21" class="axis">in Redis: producer span's end → process start</text>`,
  );
  // The time axis: five ticks from the trace's start.
  for (let tick = 0; tick <= 4; tick++) {
    const ns = startNs + (totalNs * BigInt(tick)) / 4n;
    const tx = x(ns).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${HEADER_HEIGHT - 8}" x2="${tx}" y2="${height - 10}" class="grid"/>`);
    parts.push(
      `<text x="${tx}" y="${HEADER_HEIGHT - 14}" class="axis" text-anchor="middle">${formatDuration(ns - startNs)}</text>`,
    );
  }
  rows.forEach(({ span, depth }, index) => {
    const top = HEADER_HEIGHT + index * ROW_HEIGHT;
    const middle = top + ROW_HEIGHT / 2 + 4;
    const barX = x(span.startNs);
    const barW = Math.max(1.5, x(span.endNs) - barX);
    const color = colorOf(span.service);
    const label = `${span.service || '(no service)'}: ${span.name}`;
    parts.push(
      `<g class="row" data-span-id="${span.spanId}" data-kind="${span.kind}" data-depth="${depth}" data-start-x="${barX.toFixed(2)}">`,
    );
    if (index % 2 === 1)
      parts.push(`<rect x="0" y="${top}" width="${width}" height="${ROW_HEIGHT}" class="stripe"/>`);
    parts.push(
      `<text x="${12 + depth * INDENT}" y="${middle}" class="label">${escapeXml(label)} <tspan class="kind">${span.kind.toLowerCase()}</tspan></text>`,
    );
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    if (span.kind === 'CONSUMER' && parent?.kind === 'PRODUCER' && span.startNs > parent.endNs) {
      const gapX = x(parent.endNs);
      const gapW = barX - gapX;
      parts.push(
        `<rect x="${gapX.toFixed(2)}" y="${top + 7}" width="${Math.max(1, gapW).toFixed(2)}" height="${ROW_HEIGHT - 14}" class="redis"/>`,
        `<text x="${(gapX + gapW / 2).toFixed(2)}" y="${top + 6}" class="redis-label" text-anchor="middle">Redis ${formatDuration(span.startNs - parent.endNs)}</text>`,
      );
    }
    parts.push(
      `<rect x="${barX.toFixed(2)}" y="${top + 5}" width="${barW.toFixed(2)}" height="${ROW_HEIGHT - 10}" rx="2" fill="${color}" class="${span.status.code === 'ERROR' ? 'bar error' : 'bar'}"><title>${escapeXml(tooltip(span))}</title></rect>`,
      `<text x="${(barX + barW + 4).toFixed(2)}" y="${middle}" class="duration">${formatDuration(span.endNs - span.startNs)}</text>`,
      '</g>',
    );
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<style>',
    'text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; fill: #222; }',
    '.title { font-size: 14px; font-weight: bold; } .axis, .kind, .duration { fill: #666; font-size: 11px; }',
    '.grid { stroke: #ddd; stroke-width: 1; } .stripe { fill: #f6f7f9; } .bar.error { stroke: #c00; stroke-width: 2; }',
    '.redis { fill: url(#redis-hatch); stroke: #d62728; stroke-width: 0.8; } .redis-label { fill: #d62728; font-size: 9px; }',
    '</style>',
    '<defs><pattern id="redis-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
    '<rect width="6" height="6" fill="#fdecea"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d62728" stroke-width="2"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** 1.234 s, 12.3 ms, 456 µs, 789 ns: three significant digits at most. */
export function formatDuration(ns: bigint): string {
  const value = Number(ns);
  const [amount, unit] =
    Math.abs(value) >= 1e9
      ? [value / 1e9, 's']
      : Math.abs(value) >= 1e6
        ? [value / 1e6, 'ms']
        : Math.abs(value) >= 1e3
          ? [value / 1e3, 'µs']
          : [value, 'ns'];
  return `${Number(amount.toPrecision(3))} ${unit}`;
}

function tooltip(span: ReceivedSpan): string {
  const attributes = Object.entries(span.attributes).map(([key, value]) => `${key}=${String(value)}`);
  return [`${span.service}: ${span.name} (${span.kind})`, ...attributes].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
