// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { mirrorPullName } from '../../../src/mirror-pull.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { renderDownloadsPage } from '../../../test/support/web/downloads-page.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { mirrorPullsSummary } from './downloads-history.js';

const finishedAt = new Date(Date.now() - 60_000).toISOString();
const pull = (repoId: string, index: number): JobView =>
  jobFixture({
    id: `${repoId}-${index}`,
    name: mirrorPullName(repoId, `shards/part-${index}.json`),
    repoId,
    state: 'completed',
    finishedAt,
  });
const history: JobView[] = [
  jobFixture({ id: 'mine', name: 'my-model', repoId: 'org/mine', state: 'completed', finishedAt }),
  ...Array.from({ length: 40 }, (_, index) => pull('org/many', index)),
  pull('org/small', 0),
  pull('org/small', 1),
];

describe('Downloads page history: the mirror pulls', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await renderDownloadsPage(history);
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('folds them into one line that names their repos, and lists them on demand', async () => {
    await screen.findByText('my-model');
    expect(screen.getByRole('heading', { name: 'History (1)' })).toBeTruthy();
    expect(
      screen.getByText(/^Mirror pulls for LAN clients: 40 files of org\/many, 2 of org\/small\.$/),
    ).toBeTruthy();
    expect(screen.queryByText('mirror: org/many/shards/part-3.json')).toBeNull();

    const show = screen.getByRole('button', { name: 'Show 42 mirror pulls' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(show);
    expect(screen.getByText('mirror: org/many/shards/part-3.json')).toBeTruthy();
    const hide = screen.getByRole('button', { name: 'Hide mirror pulls' });
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(hide);
    expect(screen.queryByText('mirror: org/many/shards/part-3.json')).toBeNull();
  });
});

describe('mirrorPullsSummary', () => {
  it('names three repos, most files first, and counts the rest', () => {
    const pulls = [
      ...['a', 'b', 'c', 'd', 'e'].flatMap((name, at) =>
        Array.from({ length: at + 1 }, (_, i) => pull(`org/${name}`, i)),
      ),
    ];
    expect(mirrorPullsSummary(pulls)).toBe('5 files of org/e, 4 of org/d, 3 of org/c and 2 other repos');
    expect(mirrorPullsSummary([pull('org/one', 0)])).toBe('1 file of org/one');
  });
});
