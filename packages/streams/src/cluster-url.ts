// The Redis Cluster form of REDIS_URL: `redis+cluster://[user[:password]@]host:port,host:port[/]`
// (`rediss+cluster://` for TLS). One variable, as for a single Redis, so every place that
// takes a Redis URL (the kit's REDIS_URL, the CLI's --url) takes a cluster too, with the
// credentials and TLS in the same place; the listed nodes are only the seeds from which the
// client learns the whole cluster (CLUSTER SLOTS), so two or three are enough.
import { BadOptionsError } from './errors.ts';

export interface ClusterUrl {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

const SCHEME = /^(rediss?)\+cluster:\/\//;

/** Whether `url` names a Redis Cluster (`redis+cluster://` or `rediss+cluster://`). */
export const isClusterUrl = (url: string): boolean => SCHEME.test(url);

/** Parses a cluster URL; throws BadOptionsError saying what is wrong (never echoing a password). */
export function parseClusterUrl(url: string): ClusterUrl {
  const scheme = SCHEME.exec(url);
  if (!scheme) throw new BadOptionsError('expected a redis+cluster:// or rediss+cluster:// URL');
  let rest = url.slice(scheme[0].length).replace(/\/$/, '');
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    // As in any URL: a raw '@' or '/' in the credentials would be read as the end of them by
    // everything else that looks at the URL (redact(), the kit's log redaction), leaving the
    // password in clear text in messages. Refused, without echoing it.
    if (/[@/]/.test(userInfo)) {
      throw new BadOptionsError(
        "a cluster URL's user name or password must percent-encode '@' and '/' (%40, %2F)",
      );
    }
    const colon = userInfo.indexOf(':');
    const user = decoded(colon < 0 ? userInfo : userInfo.slice(0, colon), 'user name');
    if (user !== '') username = user;
    if (colon >= 0) password = decoded(userInfo.slice(colon + 1), 'password');
  }
  if (rest.includes('/') || rest.includes('?')) {
    throw new BadOptionsError('a cluster URL takes no database or query: a cluster has only database 0');
  }
  const nodes = rest.split(',').map((node) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(node);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
      throw new BadOptionsError(`cluster node "${node}": expected host:port`);
    }
    return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
  });
  return {
    nodes,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    tls: scheme[1] === 'rediss',
  };
}

// A stray `%` would otherwise throw a bare URIError; the message names the part, not its value.
function decoded(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadOptionsError(`the cluster URL's ${part} is not valid percent-encoding (encode % as %25)`);
  }
}
