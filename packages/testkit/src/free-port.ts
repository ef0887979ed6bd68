import { createServer } from 'node:net';

// Ports handed out by this process and not yet released. The OS may hand the same ephemeral
// port out again as soon as the probe socket closes, so without this two servers started at
// once in one test process could be given the same port.
const claimedPorts = new Set<number>();

// Never hand out the default Redis port: a shared Redis may be listening there.
const FORBIDDEN_PORTS: ReadonlySet<number> = new Set([6379]);

const MAX_PROBES = 50;

/**
 * Finds a TCP port that is free right now on `host` by listening on port 0 and closing, and
 * claims it for this process until {@link releasePort}. Another process can still take the
 * port before it is bound: callers retry on EADDRINUSE.
 *
 * @param host - interface to probe, e.g. `'127.0.0.1'`.
 * @throws {Error} when no unclaimed port turns up after 50 probes.
 */
export async function claimFreePort(host: string): Promise<number> {
  for (let probe = 0; probe < MAX_PROBES; probe += 1) {
    const port = await probePort(host);
    if (!claimedPorts.has(port) && !FORBIDDEN_PORTS.has(port)) {
      claimedPorts.add(port);
      return port;
    }
  }
  throw new Error(`No free port found on ${host} after ${MAX_PROBES} probes`);
}

/** Returns a port claimed by {@link claimFreePort} so it can be handed out again. */
export function releasePort(port: number): void {
  claimedPorts.delete(port);
}

function probePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error('listen gave no port')) : resolve(port)));
    });
  });
}
