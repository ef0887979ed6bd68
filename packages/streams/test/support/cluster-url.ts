// The `redis+cluster://` URL of a testkit cluster: every node as a seed.
import type { RedisCluster } from '@tickflow/testkit';

export const clusterUrlOf = (cluster: RedisCluster): string =>
  `redis+cluster://${cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
