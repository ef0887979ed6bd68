// What a service declares (ServiceDefinition) and what the kit hands it back (ServiceContext
// in setup(), RouteContext in its HTTP handlers).
import type {
  ConnectionOptions,
  Consumer,
  CreateConsumerOptions,
  Publisher,
  RedisClient,
} from '@tickflow/streams';
import type { z } from 'zod';
import type { KitConfig } from './config.ts';
import type { ErrorMap } from './http/error-problems.ts';
import type { RouteRegistrar } from './http/route.ts';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';

export type ConsumerSpec = Omit<
  CreateConsumerOptions,
  'connection' | 'namespace' | 'partitions' | 'metrics'
> &
  Partial<Pick<CreateConsumerOptions, 'namespace' | 'partitions'>>;

export interface ServiceContext<C> {
  readonly name: string;
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly connection: ConnectionOptions;
  /** The service's `commands` connection: one Redis, or a Cluster client for a cluster REDIS_URL. */
  readonly redis: RedisClient;
  /** Publishes into the configured namespace. */
  readonly publisher: Publisher;
  /** A consumer wired to the service's Redis, metrics and namespace; started after setup, stopped on shutdown, part of /readyz. */
  createConsumer(spec: ConsumerSpec): Consumer;
  /** A named readiness condition for /readyz. */
  addReadinessCheck(name: string, isReady: () => boolean): void;
  /** Runs on shutdown, in reverse order of registration, before connections close. */
  onStop(hook: () => void | Promise<void>): void;
}

/** What a route handler receives: the service's context, and `app`, whatever setup() returned. */
export type RouteContext<C, A = void> = ServiceContext<C> & { readonly app: A };

export interface ServiceDefinition<S extends z.ZodObject, A = void> {
  readonly name: string;
  /** The service's own environment variables (the kit's are added). */
  readonly config: S;
  /** Connects the service's parts; what it returns reaches route handlers as `context.app`. */
  readonly setup: (context: ServiceContext<KitConfig & z.infer<S>>) => A | Promise<A>;
  /**
   * Declares the service's HTTP routes, before the server starts (it listens while Redis is
   * retried); they answer 503 "starting" until setup() has returned.
   */
  readonly routes?: (api: RouteRegistrar<RouteContext<KitConfig & z.infer<S>, A>>) => void;
  /** The service's error classes as HTTP statuses, e.g. `[[NotFoundError, 404]]`. */
  readonly errorMap?: ErrorMap;
  /** Refuse to start (ConfigError, exit 2) unless API_READ_TOKEN and API_OPERATOR_TOKEN are both set. */
  readonly requireTokens?: boolean;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with the exit code when the service ends; default process.exit. */
  readonly exit?: (code: number) => void;
  /** Install SIGTERM/SIGINT handlers (default true). */
  readonly handleSignals?: boolean;
}

export interface RunningService {
  /** The HTTP server's port. */
  readonly port: number;
  /** Graceful stop; resolves with the exit code it would use (0, or 1 past the deadline). */
  stop(): Promise<number>;
}
