import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobLiveFigures } from './live-figures.js';

describe('jobLiveFigures', () => {
  it("shows a running job's speed, connections and ETA", () => {
    const figures = jobLiveFigures(jobFixture({ connections: 12 }), true);
    expect(figures.speed).toBe('45.2 MB/s');
    expect(figures.connections).toBe('12 conns');
    expect(figures.eta).toBe('ETA 2 min 15 s');
    expect(jobLiveFigures(jobFixture({ connections: 1 }), true).connections).toBe('1 conn');
  });

  it('says why that many connections, short, with the sentence for the tooltip', () => {
    const cpu = jobLiveFigures(jobFixture({ connections: 2, connectionsReason: 'cpu' }), true);
    expect(cpu).toMatchObject({ connections: '2 conns', connectionsReason: 'CPU-bound' });
    expect(cpu.connectionsTitle).toMatch(/^Range connections open\. This computer's processing is the limit/);
    const capped = jobLiveFigures(
      jobFixture({ connections: 32, connectionsReason: 'default-ceiling' }),
      true,
    );
    expect(capped.connectionsReason).toBe('default cap');
    expect(capped.connectionsTitle).toContain("hubget's default cap of 32 connections per file");
    // Not known (yet): the count alone.
    const unknown = jobLiveFigures(jobFixture({ connections: 8 }), true);
    expect(unknown).toMatchObject({ connectionsReason: '', connectionsTitle: 'Range connections open' });
  });

  it('says a job waiting for its first connection slot waits on the budget: 0 conns · all in use', () => {
    const waiting = jobFixture({ connections: 0, connectionsReason: 'budget' });
    expect(jobLiveFigures(waiting, true)).toMatchObject({
      connections: '0 conns',
      connectionsReason: 'all in use',
    });
    expect(jobLiveFigures(waiting, true).connectionsTitle).toContain('(or to open its first)');
    // None open and no reason (listing, verifying): nothing.
    const listing = jobFixture({ connections: 0, connectionsReason: null });
    expect(jobLiveFigures(listing, true)).toMatchObject({ connections: '', connectionsReason: '' });
  });

  it('leaves out a throughput verdict while nothing arrives: no "line-bound" beside 0 B/s in a stall', () => {
    for (const connectionsReason of ['link', 'cpu', 'ceiling', 'default-ceiling'] as const) {
      const stalled = jobFixture({ connections: 30, connectionsReason, speed: 0, stalled: true });
      expect(jobLiveFigures(stalled, true), connectionsReason).toMatchObject({
        connections: '30 conns',
        connectionsReason: '',
        connectionsTitle: 'Range connections open',
      });
    }
    // A fact holds at 0 B/s too: the connections wait to retry, or a rate limit bounds them.
    const retrying = jobFixture({ connections: 30, connectionsReason: 'retrying', speed: 0, stalled: true });
    expect(jobLiveFigures(retrying, true).connectionsReason).toBe('retrying');
    // Bytes flowing again: the verdict shows again.
    const flowing = jobFixture({ connections: 30, connectionsReason: 'link', speed: 1_500_000 });
    expect(jobLiveFigures(flowing, true).connectionsReason).toBe('line-bound');
  });

  const none = { speed: '', connections: '', connectionsReason: '', eta: '' };

  it('shows none for a job that is not running', () => {
    const paused = jobFixture({ state: 'paused', connections: 3, connectionsReason: 'link' });
    expect(jobLiveFigures(paused, true)).toMatchObject(none);
  });

  it('shows none while the server is unreachable: the last figures are not live', () => {
    const running = jobFixture({ connections: 12, connectionsReason: 'link' });
    expect(jobLiveFigures(running, false)).toMatchObject(none);
  });
});
