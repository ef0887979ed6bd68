// What the runtime runs on: one Redis or a Redis Cluster (ioredis' Cluster). Both have the
// same command methods, pipelines and scripts; the runtime uses nothing else of either.
import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;
