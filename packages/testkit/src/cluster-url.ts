// The `redis+cluster://` URL of a testkit cluster (docs/decisions/0025): every node as a seed,
// which is how services (REDIS_URL), the CLI (--url) and connectClient() are pointed at it.
import type { RedisCluster } from './redis-cluster.ts';

/** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,…`, with `user:password@` when given. */
export function clusterUrlOf(
  cluster: Pick<RedisCluster, 'nodes'>,
  credentials?: { readonly username?: string; readonly password?: string },
): string {
  const user = credentials?.username === undefined ? '' : encodeURIComponent(credentials.username);
  const userinfo =
    credentials?.password === undefined
      ? user === ''
        ? ''
        : `${user}@`
      : `${user}:${encodeURIComponent(credentials.password)}@`;
  return `redis+cluster://${userinfo}${cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
}
