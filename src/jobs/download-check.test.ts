import { describe, expect, it } from 'vitest';
import { errorCode, harness } from '../../test/support/jobs/service-tests.js';
import { HubgetError } from '../errors.js';
import type { DownloadAccess } from '../hub/download-access.js';
import type { JobRunner } from './job-runner.js';

const OPEN: DownloadAccess = { commit: 'a'.repeat(40), gated: false, accessDenied: false, paths: [] };

/** A harness whose runner answers the access check with `access` (counting the calls). */
function withAccess(access: NonNullable<JobRunner['access']>) {
  const h = harness();
  const calls: string[] = [];
  (h.runner as JobRunner).access = (request, options) => {
    calls.push(request.repo.repoId);
    return access(request, options);
  };
  return { ...h, calls };
}

describe('jobs service: create with checkHub', () => {
  it("refuses with the Hub's answer and queues nothing", async () => {
    const h = withAccess(async () => {
      throw new HubgetError('REPO_NOT_FOUND', 'Model org/nope not found');
    });
    expect(await errorCode(h.service.create({ repoId: 'org/nope' }, { checkHub: true }))).toBe(
      'REPO_NOT_FOUND',
    );
    const gated = withAccess(async () => ({ ...OPEN, gated: true, accessDenied: true }));
    expect(await errorCode(gated.service.create({ repoId: 'org/gated' }, { checkHub: true }))).toBe(
      'GATED_REPO',
    );
    expect([...h.service.list(), ...gated.service.list()]).toEqual([]);
  });

  it('queues unchecked when the Hub cannot be asked, and says why', async () => {
    const h = withAccess(async () => {
      throw new HubgetError('NETWORK_UNREACHABLE', 'Network error (ECONNREFUSED)');
    });
    const created = await h.service.create({ repoId: 'org/model' }, { checkHub: true });
    expect(created).toMatchObject({
      joined: false,
      hubCheck: { checked: false, code: 'NETWORK_UNREACHABLE' },
    });
    expect(h.service.list()).toHaveLength(1);
  });

  it('asks only for a new job, and never without checkHub (the mirror’s pulls)', async () => {
    const h = withAccess(async () => OPEN);
    const first = await h.service.create({ repoId: 'org/model' }, { checkHub: true });
    expect(first).toMatchObject({ joined: false, hubCheck: { checked: true } });
    const again = await h.service.create({ repoId: 'org/model' }, { checkHub: true });
    expect(again).toEqual({ job: expect.objectContaining({ id: first.job.id }), joined: true });
    await h.service.create({ repoId: 'org/other' });
    expect(h.calls).toEqual(['org/model']);
  });

  it('joins the job another request queued while the Hub answered', async () => {
    const answers: ((access: DownloadAccess) => void)[] = [];
    const h = withAccess(() => new Promise((resolve) => answers.push(resolve)));
    const first = h.service.create({ repoId: 'org/model' }, { checkHub: true });
    const second = h.service.create({ repoId: 'org/model' }, { checkHub: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers).toHaveLength(2);
    for (const answer of answers) answer(OPEN);
    const [one, two] = await Promise.all([first, second]);
    expect([one.joined, two.joined]).toEqual([false, true]);
    expect(two.job.id).toBe(one.job.id);
    expect(h.service.list()).toHaveLength(1);
  });

  it("asks about the files only for patterns, and refuses patterns that keep none with the plan's error", async () => {
    const asked: boolean[] = [];
    const paths = ['config.json', 'model-Q4_K_M.gguf'];
    const h = withAccess(async (_request, options) => {
      asked.push(options?.keep !== undefined);
      if (options?.keep === undefined) return OPEN;
      return {
        ...OPEN,
        kept: paths.some(options.keep) ? { any: true } : { any: false, files: paths.length },
      };
    });
    const refused = h.service.create({ repoId: 'org/model', include: ['*Q8_0*'] }, { checkHub: true });
    await expect(refused).rejects.toMatchObject({
      code: 'ENTRY_NOT_FOUND',
      message:
        'No file of org/model at revision main is left by the patterns (include "*Q8_0*"): they rule out all ' +
        'of the 2 files it lists',
    });
    expect(h.service.list()).toEqual([]);
    await h.service.create({ repoId: 'org/model', include: ['*Q4_K_M*'] }, { checkHub: true });
    await h.service.create({ repoId: 'org/model', exclude: ['*.gguf'] }, { checkHub: true });
    await h.service.create({ repoId: 'org/model' }, { checkHub: true });
    expect(asked).toEqual([true, true, true, false]);
    expect(h.service.list()).toHaveLength(3);
  });
});
