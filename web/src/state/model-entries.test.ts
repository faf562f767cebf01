import { describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { modelStatusLabel } from '../format/job-labels.js';
import {
  commandsForAll,
  displayName,
  displaySize,
  filterEntries,
  hasSeveralDownloads,
  repoIdProblem,
  withLiveJob,
} from './model-entries.js';

describe('repoIdProblem (the server validator, run in the form)', () => {
  it.each([
    ['_org/_name', 'model'],
    ['org/name.v2', 'model'],
    [`org/${'a'.repeat(96)}`, 'model'],
    ['datasets/org/x', 'dataset'],
  ] as const)('accepts %j as a %s', (id, type) => {
    expect(repoIdProblem(id, type)).toBeNull();
  });

  it.each([
    ['', /Enter a repo id/],
    ['   ', /Enter a repo id/],
    ['a/b/c', /2 slashes/],
    ['org--x/y', /"--"/],
    [`org/${'a'.repeat(97)}`, /longer than 96/],
    ['https://huggingface.co/org/name', /try "org\/name"/],
  ])('refuses %j', (id, message) => {
    expect(repoIdProblem(id, 'model')).toMatch(message);
  });

  it('refuses a type prefix that contradicts the chosen type', () => {
    expect(repoIdProblem('datasets/org/x', 'model')).toMatch(/names a dataset/);
  });
});

describe('withLiveJob with several downloads on their way', () => {
  const job = (id: string, state: JobView['state']) =>
    jobFixture({ id, state, name: `gguf-demo ${id}`, repoId: 'org/gguf-demo' });
  const entry: ModelListEntry = {
    key: 'cache:model/org/gguf-demo',
    catalog: null,
    installed: null,
    job: job('IQ4_XS', 'queued'),
    activeJobs: [job('IQ4_XS', 'queued'), job('Q6_K', 'queued'), job('Q2_K', 'queued')],
    status: 'queued',
  };

  it('takes the live states, drops those that ended, and shows the one that leads', () => {
    const live = withLiveJob(entry, {
      Q2_K: job('Q2_K', 'completed'),
      Q6_K: job('Q6_K', 'running'),
    });
    expect(live.activeJobs.map((each) => each.id)).toEqual(['IQ4_XS', 'Q6_K']);
    expect(live.status).toBe('downloading');
    expect(live.job?.id).toBe('Q6_K');
    expect(hasSeveralDownloads(live)).toBe(true);
    expect(modelStatusLabel(live)).toBe('2 downloads: 1 downloading, 1 queued');
  });

  it('says how many are queued, and offers Pause and Cancel for all of them', () => {
    const live = withLiveJob(entry, {});
    expect(modelStatusLabel(live)).toBe('3 downloads queued');
    expect(commandsForAll(live.activeJobs).map(({ command, jobs }) => [command, jobs.length])).toEqual([
      ['pause', 3],
      ['cancel', 3],
    ]);
  });

  it('is one download again once the others end', () => {
    const live = withLiveJob(entry, { Q2_K: job('Q2_K', 'cancelled'), Q6_K: job('Q6_K', 'cancelled') });
    expect(hasSeveralDownloads(live)).toBe(false);
    expect(modelStatusLabel(live)).toBe('Queued');
  });
});

describe('displaySize', () => {
  const catalog = {
    id: 'qwen',
    repoId: 'Qwen/Qwen2.5-0.5B-Instruct',
    repoType: 'model' as const,
    name: 'Qwen2.5 0.5B',
    description: '',
    include: [],
    target: 'cache',
    approxBytes: 1_000_000_000,
  };
  const base: ModelListEntry = {
    key: 'cache:model/Qwen/Qwen2.5-0.5B-Instruct',
    catalog,
    installed: null,
    job: null,
    activeJobs: [],
    status: 'not-installed',
  };

  it('marks only the catalog’s estimate as approximate: a download’s total is the listing’s exact size', () => {
    expect(displaySize(base)).toEqual({ bytes: 1_000_000_000, exact: false });
    const running = jobFixture({ state: 'running', total: 988_097_824 });
    expect(displaySize({ ...base, job: running, activeJobs: [running], status: 'downloading' })).toEqual({
      bytes: 988_097_824,
      exact: true,
    });
    expect(displaySize({ ...base, catalog: null })).toBeNull();
  });
});

describe('displayName', () => {
  it("names a row that knows no repo id by its folder: another program's download into a folder", () => {
    const external = jobFixture({
      id: 'ext-85cdca41a0fe88de',
      kind: 'external',
      name: 'hfdir',
      repoId: '',
      localDir: '/models/team/hfdir',
    });
    const entry: ModelListEntry = {
      key: 'local:team/hfdir',
      catalog: null,
      installed: null,
      job: external,
      activeJobs: [external],
      status: 'downloading',
    };
    expect(displayName(entry)).toBe('team/hfdir');
  });
});

describe('modelStatusLabel of a download whose size is unknown', () => {
  // Another program's download into a folder without hubget's marker: bytes so far, no total, no percent.
  const external = jobFixture({
    kind: 'external',
    repoId: '',
    downloaded: 104_857_600,
    total: 0,
    percent: 0,
    speed: 0,
  });
  const row = (job: JobView, status: ModelListEntry['status']) => ({ status, job, activeJobs: [job] });

  it('gives no percent it does not have', () => {
    expect(modelStatusLabel(row({ ...external, stalled: true, noDataSeconds: 781 }, 'downloading'))).toBe(
      'Stalled',
    );
    expect(modelStatusLabel(row({ ...external, speed: 1_000_000 }, 'downloading'))).toBe('Downloading');
  });

  it('keeps the percent of a download whose size is known', () => {
    const known = { ...external, total: 209_715_200, percent: 50 };
    expect(modelStatusLabel(row({ ...known, stalled: true, noDataSeconds: 781 }, 'downloading'))).toBe(
      'Stalled at 50.0%',
    );
    expect(modelStatusLabel(row({ ...known, kind: 'download', state: 'paused' }, 'paused'))).toBe(
      'Paused at 50.0%',
    );
  });
});

describe('filterEntries', () => {
  const installed = (repoId: string, quants: string[]): ModelListEntry => ({
    key: `cache:model/${repoId}`,
    catalog: null,
    installed: installedFixture(repoId, { quants }),
    job: null,
    activeJobs: [],
    status: 'installed',
  });

  it('finds a repo by a quantization its row shows, in any case', () => {
    const entries = [installed('org/a-GGUF', ['Q4_K_M', 'Q8_0']), installed('org/b-GGUF', ['Q4_K_M'])];
    expect(filterEntries(entries, 'q8_0', 'all').map((entry) => entry.key)).toEqual([
      'cache:model/org/a-GGUF',
    ]);
    expect(filterEntries(entries, 'Q4_K_M', 'all')).toHaveLength(2);
  });
});
