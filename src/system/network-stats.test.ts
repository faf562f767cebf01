import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNetworkMonitor, parseProcNetDev } from './network-stats.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/support/fixtures/${name}`, import.meta.url), 'utf8');

/** /proc/net/dev text with the given counters (same column layout as the kernel's). */
function procText(rows: Array<[string, number, number]>): string {
  const header = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  ];
  const lines = rows.map(
    ([name, rx, tx]) =>
      `${name.padStart(6)}: ${String(rx).padStart(8)} 10 0 0 0 0 0 0 ${String(tx).padStart(8)} 20 0 0 0 0 0 0`,
  );
  return `${[...header, ...lines].join('\n')}\n`;
}

describe('parseProcNetDev', () => {
  it('parses a container /proc/net/dev with aligned columns', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0',
      '  eth0: 381798870   10856    0    0    0     0          0         0   752353    6806    0    0    0     0       0          0',
    ].join('\n');
    expect(parseProcNetDev(text)).toEqual([
      { name: 'lo', rxBytes: 3193, rxPackets: 29, txBytes: 3193, txPackets: 29 },
      { name: 'eth0', rxBytes: 381798870, rxPackets: 10856, txBytes: 752353, txPackets: 6806 },
    ]);
  });

  it('handles a counter touching the colon, long names and varying whitespace', () => {
    const entries = parseProcNetDev(fixture('proc-net-dev-host.txt'));
    expect(entries.map((e) => e.name)).toEqual(['lo', 'eth0', 'wlp3s0', 'docker0', 'veth1a2b3c4']);
    expect(entries[1]).toEqual({
      name: 'eth0',
      rxBytes: 1215645,
      rxPackets: 2751,
      txBytes: 1782404,
      txPackets: 4324,
    });
    expect(entries[2]?.rxBytes).toBe(98765432109);
    expect(entries[2]?.txBytes).toBe(12345678);
  });

  it('reads this machine’s captured file and skips garbage lines', () => {
    const entries = parseProcNetDev(`${fixture('proc-net-dev-container.txt')}bogus: 1 2 3\n\n`);
    expect(entries.some((e) => e.name === 'lo')).toBe(true);
    expect(entries.some((e) => e.name === 'bogus')).toBe(false);
    for (const e of entries) expect(e.rxBytes).toBeGreaterThanOrEqual(0);
  });
});

describe('createNetworkMonitor', () => {
  let dir: string;
  let procPath: string;
  let clock: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-net-'));
    procPath = join(dir, 'dev');
    clock = 1_000_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes rates since the previous reading, without loopback', () => {
    const monitor = createNetworkMonitor({ procPath, now: () => clock, hubgetRate: () => 1234 });
    writeFileSync(
      procPath,
      procText([
        ['lo', 100, 100],
        ['eth0', 1000, 500],
        ['wlan0', 0, 0],
      ]),
    );
    const first = monitor.sample();
    expect(first.supported).toBe(true);
    expect(first.rxBytesPerSecond).toBe(0);
    clock += 2000;
    writeFileSync(
      procPath,
      procText([
        ['lo', 900_100, 900_100],
        ['eth0', 5000, 1500],
        ['wlan0', 2000, 0],
      ]),
    );
    const second = monitor.sample();
    expect(second.rxBytesPerSecond).toBe((4000 + 2000) / 2);
    expect(second.txBytesPerSecond).toBe(1000 / 2);
    expect(second.hubgetBytesPerSecond).toBe(1234);
    const eth0 = second.interfaces.find((i) => i.name === 'eth0');
    expect(eth0).toEqual({
      name: 'eth0',
      rxBytes: 5000,
      txBytes: 1500,
      rxBytesPerSecond: 2000,
      txBytesPerSecond: 500,
    });
    expect(second.interfaces.find((i) => i.name === 'lo')?.rxBytesPerSecond).toBe(450_000);
  });

  it('never reports a negative rate when a counter wraps or an interface resets', () => {
    const monitor = createNetworkMonitor({ procPath, now: () => clock });
    writeFileSync(procPath, procText([['eth0', 4_294_967_000, 10_000]]));
    monitor.sample();
    clock += 1000;
    writeFileSync(
      procPath,
      procText([
        ['eth0', 200, 11_000],
        ['eth1', 50, 50],
      ]),
    );
    const stats = monitor.sample();
    expect(stats.rxBytesPerSecond).toBe(0);
    expect(stats.txBytesPerSecond).toBe(1000);
    clock += 1000;
    writeFileSync(
      procPath,
      procText([
        ['eth0', 1200, 11_000],
        ['eth1', 150, 50],
      ]),
    );
    expect(monitor.sample().rxBytesPerSecond).toBe(1000 + 100);
  });

  it('keeps a bounded history, oldest first, with hubget’s own rate', () => {
    let hubget = 0;
    const monitor = createNetworkMonitor({ procPath, now: () => clock, historySeconds: 3 });
    monitor.setHubgetRate(() => hubget);
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(procPath, procText([['eth0', i * 100, 0]]));
      hubget = i * 10;
      monitor.sample();
      clock += 1000;
    }
    const { samples } = monitor.history();
    expect(samples).toHaveLength(3);
    expect(samples.map((s) => s.hubgetBytesPerSecond)).toEqual([20, 30, 40]);
    expect(samples.map((s) => s.rxBytesPerSecond)).toEqual([100, 100, 100]);
    expect(samples[0]!.t).toBeLessThan(samples[2]!.t);
  });

  it('says unsupported instead of crashing when the file does not exist', () => {
    const monitor = createNetworkMonitor({
      procPath: join(dir, 'missing'),
      now: () => clock,
      hubgetRate: () => 5,
    });
    const stats = monitor.sample();
    expect(stats.supported).toBe(false);
    expect(stats.reason).toMatch(/does not exist/);
    expect(stats.interfaces).toEqual([]);
    expect(stats.hubgetBytesPerSecond).toBe(5);
    expect(monitor.latest()).toBe(stats);
  });

  it('samples on a timer and notifies subscribers until stopped', async () => {
    writeFileSync(procPath, procText([['eth0', 1, 1]]));
    vi.useFakeTimers();
    try {
      const monitor = createNetworkMonitor({ procPath });
      const seen: number[] = [];
      const unsubscribe = monitor.onSample((s) => seen.push(s.t));
      monitor.start(20);
      const first = seen.length;
      vi.advanceTimersByTime(100);
      expect(seen.length - first).toBe(5);
      monitor.stop();
      vi.advanceTimersByTime(1000);
      expect(seen.length - first).toBe(5);
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });
});
