import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { errorCode, harness, states } from '../../test/support/jobs/service-tests.js';

describe('jobs service: queue', () => {
  it('never runs more than maxParallel; raising starts more at once, lowering lets running jobs finish', async () => {
    const h = harness();
    const { service, runner } = h;
    for (const name of ['a', 'b', 'c', 'd', 'e']) await service.create({ repoId: `org/${name}` });
    await waitFor(() => runner.active.size === 2, 'two running');
    expect(states(h)).toEqual({
      'org/a': 'running',
      'org/b': 'running',
      'org/c': 'queued',
      'org/d': 'queued',
      'org/e': 'queued',
    });
    expect(service.list().map((job) => job.queuePosition)).toEqual([null, null, 0, 1, 2]);

    await runner.active.get('org/a')!.finish();
    await waitFor(() => runner.active.has('org/c'), 'c started after a finished');
    expect(service.get(service.list()[0]!.id)!.state).toBe('completed');
    expect(runner.active.size).toBe(2);

    service.updateSettings({ maxParallel: 3 });
    await waitFor(() => runner.active.has('org/d'), 'd started when the limit rose');
    expect(runner.active.size).toBe(3);

    service.updateSettings({ maxParallel: 1 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runner.active.size).toBe(3);
    await runner.active.get('org/b')!.finish();
    await runner.active.get('org/c')!.finish();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([...runner.active.keys()]).toEqual(['org/d']);
    await runner.active.get('org/d')!.finish();
    await waitFor(() => runner.active.has('org/e'), 'e started once below the limit');
    expect(runner.maxConcurrent).toBe(3);
  });

  it('starts a job asked to start now (new or joined) whatever runs; it counts as running', async () => {
    const h = harness();
    const { service, runner } = h;
    service.updateSettings({ maxParallel: 1 });
    await service.create({ repoId: 'org/a' });
    await service.create({ repoId: 'org/b' });
    await waitFor(() => runner.active.has('org/a'), 'a running');
    expect((await service.create({ repoId: 'org/c' }, { startNow: true })).job.state).toBe('running');
    expect(states(h)['org/b']).toBe('queued');
    // The queued one joined by a request that asks: started.
    const joined = await service.create({ repoId: 'org/b' }, { startNow: true });
    expect(joined).toMatchObject({ joined: true, job: { state: 'running' } });
    await service.create({ repoId: 'org/d' });
    await runner.active.get('org/a')!.finish();
    await runner.active.get('org/b')!.finish();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(states(h)['org/d']).toBe('queued');
    await runner.active.get('org/c')!.finish();
    await waitFor(() => runner.active.has('org/d'), 'd started once below the limit');
  });

  it('starts a start-now job (new or joined) at once again after a restart; pausing it ends that', async () => {
    const h = harness();
    const { service, runner } = h;
    service.updateSettings({ maxParallel: 1 });
    await service.create({ repoId: 'org/a' });
    await service.create({ repoId: 'org/b' });
    await waitFor(() => runner.active.has('org/a'), 'a running');
    const c = (await service.create({ repoId: 'org/c' }, { startNow: true })).job.id;
    expect((await service.create({ repoId: 'org/b' }, { startNow: true })).job.state).toBe('running');
    await service.create({ repoId: 'org/d' });
    await service.shutdown();

    // The interrupted jobs come back at the front of the queue: a in the one slot, b and c at once beside it.
    const revived = h.restart();
    await waitFor(() => runner.active.size === 3, 'a, b and c running again');
    expect([...runner.active.keys()].sort()).toEqual(['org/a', 'org/b', 'org/c']);
    const stateOf = (repoId: string) => revived.list().find((job) => job.repoId === repoId)?.state;
    expect(stateOf('org/d')).toBe('queued');
    // Paused and resumed by the user, c waits its turn in the queue like any other job.
    await revived.pause(c);
    await revived.resume(c);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stateOf('org/c')).toBe('queued');
  });

  it('moves queued jobs and refuses to move others', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 1 });
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd'])
      ids.push((await h.service.create({ repoId: `org/${name}` })).job.id);
    await waitFor(() => h.runner.active.has('org/a'), 'a running');
    const moved = h.service.move(ids[3]!, 0);
    expect(moved.queuePosition).toBe(0);
    const order = () =>
      h.service
        .list()
        .filter((job) => job.state === 'queued')
        .sort((x, y) => x.queuePosition! - y.queuePosition!)
        .map((job) => job.repoId);
    expect(order()).toEqual(['org/d', 'org/b', 'org/c']);
    h.service.move(ids[1]!, 99);
    expect(order()).toEqual(['org/d', 'org/c', 'org/b']);
    // Past the end, however far (beyond 2^53 too), is the end; a negative or fractional one is refused.
    h.service.move(ids[3]!, 2 ** 60);
    expect(order()).toEqual(['org/c', 'org/b', 'org/d']);
    for (const bad of [-1, 1.5]) {
      expect(() => h.service.move(ids[3]!, bad)).toThrow(
        /^position must be a whole number, 0 or more: 0 is next to start, and a position past the end/,
      );
    }
    h.service.move(ids[3]!, 0);
    expect(await errorCode(() => h.service.move(ids[0]!, 0))).toBe('INVALID_STATE');
    expect(await errorCode(() => h.service.move('nope', 0))).toBe('JOB_NOT_FOUND');
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.runner.active.has('org/d'), 'the moved job runs next');
  });

  it('joins a duplicate request to the active job, but not a different destination or filter', async () => {
    const h = harness();
    const first = await h.service.create({ repoId: 'org/a', include: ['*.json', '*.md'] });
    const again = await h.service.create({
      repoId: 'org/a',
      repoType: 'model',
      revision: 'main',
      include: ['*.md', '*.json'],
    });
    expect(again).toMatchObject({ joined: true, job: { id: first.job.id } });
    expect((await h.service.create({ repoId: 'org/a' })).joined).toBe(false);
    expect(
      (await h.service.create({ repoId: 'org/a', include: ['*.json', '*.md'], localDir: 'a' })).joined,
    ).toBe(false);
    expect(h.service.list()).toHaveLength(3);
  });

  it('validates requests: repo id, hostile localDir, limits', async () => {
    const h = harness();
    expect(await errorCode(h.service.create({ repoId: 'bad repo id' }))).toBe('INVALID_REPO_ID');
    expect(await errorCode(h.service.create({ repoId: 'org/a', localDir: '../../etc/passwd' }))).toBe(
      'UNSAFE_PATH',
    );
    expect(await errorCode(h.service.create({ repoId: 'org/a', localDir: '/etc' }))).toBe('UNSAFE_PATH');
    expect(await errorCode(h.service.create({ repoId: 'org/a', bandwidthLimit: -1 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await errorCode(h.service.create({} as never))).toBe('INVALID_REPO_ID');
    expect(await errorCode(h.service.create({ repoId: 'org/a', revision: 'has space' }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await errorCode(h.service.create({ repoId: 'org/a', include: [''] }))).toBe('INVALID_ARGUMENT');
    expect(await errorCode(h.service.preview({ repoId: 'org/a', localDir: '../x' }))).toBe('UNSAFE_PATH');
    expect(h.service.list()).toEqual([]);
  });
});
