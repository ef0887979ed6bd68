// Who a request is, for the audit log: the token's level, and the name the operator gave in
// `X-Tickflow-Actor` (not authenticated: it says who claims to act, the token says with what right).
import type { IncomingHttpHeaders } from 'node:http';

export function actorOf(caller: string, headers: IncomingHttpHeaders): string {
  const actor = headers['x-tickflow-actor'];
  const name =
    typeof actor === 'string'
      ? actor
          .replace(/[^\x21-\x7e ]/g, '')
          .slice(0, 64)
          .trim()
      : '';
  return name === '' ? caller : `${caller}:${name}`;
}
