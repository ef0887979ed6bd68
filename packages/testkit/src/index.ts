export {
  durableClusterOptions,
  failoverMaster,
  killMaster,
  type MasterFaultOptions,
  type MasterReplaced,
  waitForReplacement,
  waitForReplicas,
} from './cluster-faults.ts';
export {
  askNode,
  type ClusterMaster,
  type ClusterNodeLine,
  type ClusterView,
  clusterMasters,
  type MasterSelector,
  readClusterView,
  type SlotRange,
} from './cluster-nodes.ts';
export { clusterUrlOf } from './cluster-url.ts';
export type { AppendFsync, EphemeralRedis } from './ephemeral-redis-types.ts';
export {
  FaultInjectionUnsupportedError,
  RedisClusterError,
  RedisStartError,
  RedisStateError,
  RedisUnavailableError,
  TestkitOptionError,
  WaitTimeoutError,
} from './errors.ts';
export type { RedisCluster, RedisClusterNode, RedisClusterOptions } from './redis-cluster.ts';
export { startRedisCluster } from './redis-cluster.ts';
export {
  killServices,
  type LogLine,
  SERVICE_NODE_FLAGS,
  type ServiceProcess,
  startServiceProcess,
  type WaitForLogOptions,
} from './service-process.ts';
export type { EphemeralRedisOptions } from './start-ephemeral-redis.ts';
export { startEphemeralRedis } from './start-ephemeral-redis.ts';
export {
  type CertificateFiles,
  generateTlsCertificates,
  type TlsCertificateOptions,
  type TlsCertificates,
} from './tls-certs.ts';
export type { ClusterTlsOptions } from './tls-cluster-node.ts';
export {
  startTlsRedis,
  type TlsAuthClients,
  type TlsRedis,
  type TlsRedisOptions,
} from './tls-redis.ts';
export type { Truthy, WaitForOptions } from './wait-for.ts';
export { waitFor } from './wait-for.ts';
