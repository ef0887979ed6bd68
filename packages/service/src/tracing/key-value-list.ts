// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES share one format: `key=value` pairs
// separated by commas, values percent-encoded (the W3C Baggage subset the OTel spec names).
// Errors name the entry by position, never by content: a header value is often a secret.

export type KeyValueList = Readonly<Record<string, string>>;

/** Parses `a=1,b=x%20y`; an empty list (or only commas and spaces) is `{}`. */
export function parseKeyValueList(text: string): { list: KeyValueList } | { error: string } {
  const list: Record<string, string> = {};
  const entries = text.split(',');
  for (const [index, entry] of entries.entries()) {
    if (entry.trim() === '') continue;
    const equals = entry.indexOf('=');
    const key = equals < 0 ? '' : entry.slice(0, equals).trim();
    if (key === '') return { error: `entry ${index + 1} of ${entries.length}: expected key=value` };
    try {
      list[key] = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      return { error: `entry ${index + 1} of ${entries.length} (${key}): bad percent-encoding` };
    }
  }
  return { list };
}
