import { describe, expect, it } from 'vitest';
import { MirrorStats } from './mirror-stats.js';

describe('MirrorStats clients', () => {
  it("lists a client's concurrent range requests for one file as one row, summed", () => {
    const stats = new MirrorStats();
    const ranges = Array.from({ length: 3 }, () => {
      stats.request('hit');
      return stats.pull('10.0.0.7', 'org/x', 'w.bin');
    });
    ranges[0]?.bytes(100, 100);
    ranges[2]?.bytes(50, 50);
    stats.request('hit');
    stats.pull('10.0.0.8', 'org/x', 'w.bin');
    stats.request('hit');
    stats.pull('10.0.0.7', 'org/x', 'config.json');

    const clients = stats.snapshot().clients;
    expect(clients).toHaveLength(3);
    expect(clients.find((row) => row.client === '10.0.0.7' && row.path === 'w.bin')).toMatchObject({
      bytesSent: 150,
      requests: 3,
    });
    ranges[0]?.end();
    ranges[1]?.end();
    expect(
      stats.snapshot().clients.find((row) => row.path === 'w.bin' && row.client === '10.0.0.7'),
    ).toMatchObject({ bytesSent: 50, requests: 1 });
  });

  it('counts the bytes it is told came from the cache', () => {
    const stats = new MirrorStats();
    expect(stats.snapshot().hitRatio).toBeNull();
    stats.request('miss');
    stats.pull('a', 'org/x', 'w.bin').bytes(300, 0);
    stats.request('partial');
    stats.pull('b', 'org/x', 'w.bin').bytes(100, 60);
    stats.request('hit');
    stats.pull('c', 'org/x', 'w.bin').bytes(400, 400);
    expect(stats.snapshot()).toMatchObject({ bytesServed: 800, bytesFromCache: 460, hitRatio: 0.575 });
  });
});
