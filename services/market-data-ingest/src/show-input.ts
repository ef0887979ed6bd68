/** Rejected input as it appears in reasons: quoted, and short enough for a dead-letter entry. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
