/** How to get a Redis the testkit can use; appended to RedisUnavailableError messages. */
export const REDIS_INSTALL_HINT =
  'Install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ' +
  'so it is on PATH, or start Docker (or another container runtime testcontainers supports).';
