import { describe, expect, it } from 'vitest';
import { mastersInView, parseClusterNodes, parseInfo, sameSlots } from '../src/cluster-nodes.ts';
import type { RedisCluster } from '../src/index.ts';

// A 3+3 cluster after a failover: 7001 failed (its replica 7004 took 0-5460), 7002 is
// migrating slot 5461, and 7005 announces a hostname.
const NODES = [
  'aaa 127.0.0.1:7001@17001 master,fail - 1700000000000 1700000000000 1 disconnected',
  'bbb 127.0.0.1:7002@17002 master - 0 1700000000000 2 connected 5461-10922 [5461->-ccc]',
  'ccc 127.0.0.1:7003@17003 myself,master - 0 1700000000000 3 connected 10923-16383',
  'ddd 127.0.0.1:7004@17004 master - 0 1700000000000 7 connected 0-5460',
  'eee 127.0.0.1:7005@17005,node-5 slave bbb 0 1700000000000 2 connected',
  'fff 127.0.0.1:7006@17006 slave ccc 0 1700000000000 3 connected',
  '',
].join('\n');

const cluster = {
  nodes: [7001, 7002, 7003, 7004, 7005, 7006].map((port) => ({
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
  })),
} as unknown as RedisCluster;

describe('CLUSTER NODES and CLUSTER INFO parsing', () => {
  it('reads ids, addresses, flags, masters and slots, leaving migration markers out', () => {
    const lines = parseClusterNodes(NODES);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({
      id: 'aaa',
      host: '127.0.0.1',
      port: 7001,
      flags: ['master', 'fail'],
      masterId: undefined,
      slots: [],
    });
    expect(lines[1]?.slots).toEqual([[5461, 10922]]);
    expect(lines[4]).toMatchObject({ port: 7005, flags: ['slave'], masterId: 'bbb' });
  });

  it('lists the masters serving slots in slot order, with their replicas and server indexes', () => {
    const masters = mastersInView(cluster, { lines: parseClusterNodes(NODES), info: new Map() });
    expect(masters.map((m) => [m.id, m.serverIndex, m.slots, m.replicas.map((r) => r.serverIndex)])).toEqual([
      ['ddd', 3, [[0, 5460]], []],
      ['bbb', 1, [[5461, 10922]], [4]],
      ['ccc', 2, [[10923, 16383]], [5]],
    ]);
  });

  it('reads INFO fields, skipping section headers', () => {
    const info = parseInfo('# Cluster\r\ncluster_state:ok\r\ncluster_slots_ok:16384\r\n');
    expect(info.get('cluster_state')).toBe('ok');
    expect(info.get('cluster_slots_ok')).toBe('16384');
    expect(info.has('# Cluster')).toBe(false);
  });

  it('compares slot sets whatever their order', () => {
    expect(
      sameSlots(
        [
          [5, 9],
          [0, 3],
        ],
        [
          [0, 3],
          [5, 9],
        ],
      ),
    ).toBe(true);
    expect(sameSlots([[0, 3]], [[0, 4]])).toBe(false);
  });
});
