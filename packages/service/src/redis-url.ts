// REDIS_URL: one Redis (`redis://`, `rediss://` for TLS) or a Redis Cluster
// (`redis+cluster://host:port,host:port`, `rediss+cluster://`; docs/decisions/0025). The
// scheme is checked by the schema; a cluster URL's node list is checked here, with the
// runtime's own parser, so that a typo is a config error naming the node (exit 2), not a
// connection retried forever. Messages never echo the URL's password.
import { BadOptionsError, isClusterUrl, parseClusterUrl } from '@tickflow/streams';

/** The schemes REDIS_URL accepts. */
export const REDIS_URL_PATTERN = /^rediss?(\+cluster)?:\/\//;

export const REDIS_URL_FORMS = 'a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL';

/** Problems with a cluster REDIS_URL's nodes, under REDIS_URL; none for a single Redis URL. */
export function redisUrlIssues(config: { readonly REDIS_URL?: string | undefined }): {
  path: string[];
  message: string;
}[] {
  const url = config.REDIS_URL;
  if (url === undefined || !isClusterUrl(url)) return [];
  try {
    parseClusterUrl(url);
    return [];
  } catch (error) {
    if (!(error instanceof BadOptionsError)) throw error;
    return [
      { path: ['REDIS_URL'], message: `${error.message} (e.g. redis+cluster://10.0.0.1:6379,10.0.0.2:6379)` },
    ];
  }
}
