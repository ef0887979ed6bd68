// REDIS_URL names one Redis or a cluster's seed nodes; a malformed cluster URL is a config
// error saying what is wrong and where (never echoing the password), not a connection retried
// forever; TLS variables go with rediss+cluster:// as with rediss://.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConfigError, parseConfig } from '../src/index.ts';

const none = z.object({});

function issuesOf(env: Record<string, string>): string[] {
  try {
    parseConfig('svc', none, env);
  } catch (error) {
    return (error as ConfigError).issues.map((issue) => `${issue.variable}: ${issue.message}`);
  }
  return [];
}

describe('REDIS_URL for a Redis Cluster', () => {
  it('takes redis+cluster:// and rediss+cluster:// with seed nodes and credentials', () => {
    for (const url of [
      'redis+cluster://10.0.0.1:6379,10.0.0.2:6379',
      'rediss+cluster://app:pa55@redis-0.redis:6379,redis-1.redis:6379/',
      'redis+cluster://[::1]:7000',
    ])
      expect(parseConfig('svc', none, { REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it('names the node that is not host:port, and a database that a cluster cannot have', () => {
    expect(issuesOf({ REDIS_URL: 'redis+cluster://10.0.0.1:6379,10.0.0.2' })).toEqual([
      'REDIS_URL: cluster node "10.0.0.2": expected host:port (e.g. redis+cluster://10.0.0.1:6379,10.0.0.2:6379)',
    ]);
    expect(issuesOf({ REDIS_URL: 'redis+cluster://h:1,h:99999' })[0]).toContain('cluster node "h:99999"');
    expect(issuesOf({ REDIS_URL: 'redis+cluster://h:1/0' })[0]).toContain(
      'REDIS_URL: a cluster URL takes no database or query',
    );
  });

  it('never echoes the password of a malformed cluster URL', () => {
    const issues = issuesOf({ REDIS_URL: 'redis+cluster://app:s3cret-%zz@h:1' });
    expect(issues).toEqual([
      "REDIS_URL: the cluster URL's password is not valid percent-encoding (encode % as %25) (e.g. redis+cluster://10.0.0.1:6379,10.0.0.2:6379)",
    ]);
    expect(issuesOf({ REDIS_URL: 'redis+cluster://app:s3cret@h' }).join()).not.toContain('s3cret');
  });

  it("refuses a raw '@' or '/' in the credentials, which other readers of the URL would cut the password at", () => {
    for (const url of ['redis+cluster://app:s3c@ret@h:1,h:2', 'redis+cluster://app:s3c/ret@h:1,h:2']) {
      const issues = issuesOf({ REDIS_URL: url });
      expect(issues, url).toEqual([
        "REDIS_URL: a cluster URL's user name or password must percent-encode '@' and '/' (%40, %2F) (e.g. redis+cluster://10.0.0.1:6379,10.0.0.2:6379)",
      ]);
      expect(issues.join()).not.toContain('ret');
    }
    const encoded = 'redis+cluster://app:s3c%40r%2Fet@h:1,h:2';
    expect(parseConfig('svc', none, { REDIS_URL: encoded }).REDIS_URL).toBe(encoded);
  });

  it('rejects other schemes, listing the four it takes', () => {
    expect(issuesOf({ REDIS_URL: 'cluster://h:1,h:2' })).toEqual([
      'REDIS_URL: expected a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL',
    ]);
  });

  it('takes the TLS variables with rediss+cluster://, and refuses them with redis+cluster://', () => {
    const tls = { REDIS_TLS_SERVERNAME: 'redis.internal' };
    expect(issuesOf({ REDIS_URL: 'rediss+cluster://h:1,h:2', ...tls })).toEqual([]);
    expect(issuesOf({ REDIS_URL: 'redis+cluster://h:1,h:2', ...tls })).toEqual([
      expect.stringMatching(/^REDIS_TLS_SERVERNAME: set, but the Redis URL is redis:\/\/ \(no TLS\)/),
    ]);
  });
});
