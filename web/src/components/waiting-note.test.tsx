// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobPlaces } from '../../../test/support/web/job-places.js';
import { waitingNoteText } from './waiting-note.js';

/** A running job whose one missing file another hubget download is fetching: no connection of its own. */
const waiting = jobFixture({
  id: 'job-w',
  name: 'small',
  repoId: 'org/small',
  connections: 0,
  waitingFor: { files: 1, bytes: 209_715_200, owners: ['pid 4242 on build-2'] },
});
const NOTE =
  'Waiting for 1 file another download is fetching (209.72 MB, pid 4242 on build-2): its bytes count here as they land.';

describe('a job waiting for another download', () => {
  const shown = jobPlaces(waiting);
  const places = () => [shown.panel(), shown.page()];

  it('says what it waits for, in the panel and on the Downloads page, until it waits for nothing', () => {
    shown.render();
    for (const where of places()) expect(within(where).getByText(NOTE)).toBeTruthy();
    shown.send({ ...waiting, waitingFor: null, connections: 8 });
    for (const where of places())
      expect(within(where).queryByText(/another download is fetching/)).toBeNull();
  });

  it('says nothing once the job is paused', () => {
    shown.render();
    shown.send({ ...waiting, state: 'paused' } satisfies JobView);
    // Still shown (paused jobs are listed with the running ones), without the note.
    expect(screen.getByRole('heading', { name: 'Downloading (0) · 1 paused' })).toBeTruthy();
    expect(screen.queryByText(/another download is fetching/)).toBeNull();
  });
});

describe('a job waiting for a hubget download the watcher lists as external', () => {
  // `hubget download` of org/small in a terminal, run by pid 4242 on build-2: the job waits for its file.
  const cli = jobFixture({
    id: 'ext-small',
    kind: 'external',
    name: 'small',
    repoId: 'org/small',
    hubgetRuns: ['pid 4242 on build-2'],
  });
  const shown = jobPlaces(waiting);

  it('says on both rows, in the panel and on the Downloads page, that one waits for the other', () => {
    shown.render();
    shown.send(cli);
    // Each twice: the panel's row and the Downloads page's.
    expect(screen.getAllByText(`${NOTE} That download is listed here too, as external.`)).toHaveLength(2);
    const external =
      'A hubget download in another process (pid 4242 on build-2) into these folders; the job “small” waits for its files. hubget only watches its temp files: it cannot pause, cancel or limit it.';
    expect(screen.getAllByText(external)).toHaveLength(2);
    // Once the job has its file, the external row only says who runs it.
    shown.send({ ...waiting, waitingFor: null, connections: 8 });
    expect(
      screen.getAllByText(
        'A hubget download in another process (pid 4242 on build-2) into these folders. hubget only watches its temp files: it cannot pause, cancel or limit it.',
      ),
    ).toHaveLength(2);
  });
});

describe('waitingNoteText', () => {
  it('counts files and names every download they come from', () => {
    expect(waitingNoteText({ files: 3, bytes: 4_000_000_000, owners: ['pid 7', 'pid 9 on gpu-1'] })).toBe(
      'Waiting for 3 files other downloads are fetching (4.00 GB, pid 7, pid 9 on gpu-1): their bytes count here as they land.',
    );
  });
});
