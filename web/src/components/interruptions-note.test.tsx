// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_INTERRUPTIONS } from '../../../src/job-interruptions.js';
import { startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobPlaces } from '../../../test/support/web/job-places.js';
import { renderLiveConnected } from '../../../test/support/web/render-live.js';
import { interruptionsText } from '../format/interruptions.js';
import { timeOfDayLabel } from '../format/job-subtitle.js';
import { DownloadsPage } from '../pages/downloads-page.js';

const lastAt = '2026-12-06T12:12:00.000Z';
const sameDay = Date.parse(lastAt) + 60_000;
const time = timeOfDayLabel(lastAt, sameDay);

describe('interruptionsText', () => {
  it('says nothing of a job no server stop interrupted', () => {
    expect(interruptionsText(NO_INTERRUPTIONS, sameDay)).toBeNull();
  });

  it('names crashes and clean restarts, how many, and when the last one was', () => {
    const say = (count: number, crashes: number, lastCrash: boolean) =>
      interruptionsText({ ...NO_INTERRUPTIONS, count, crashes, lastAt, lastCrash }, sameDay);
    expect(say(1, 1, true)).toBe(`Resumed after a server crash (${time})`);
    expect(say(1, 0, false)).toBe(`Resumed after a server restart (${time})`);
    expect(say(2, 0, false)).toBe(`Resumed after 2 server restarts (last ${time})`);
    expect(say(3, 3, true)).toBe(`Resumed after 3 server crashes (last ${time})`);
    expect(say(3, 2, true)).toBe(`Resumed after 3 server stops, 2 of them crashes (last ${time}, a crash)`);
    expect(say(2, 1, false)).toBe(
      `Resumed after 2 server stops, 1 of them a crash (last ${time}, a clean restart)`,
    );
  });

  it('names a shutdown cut off as the server’s notice does, never a crash', () => {
    const say = (crashes: number, cutOffs: number, lastCrash: boolean, lastCutOff: boolean) =>
      interruptionsText({ count: 3, crashes, cutOffs, lastAt, lastCrash, lastCutOff }, sameDay);
    expect(
      interruptionsText({ ...NO_INTERRUPTIONS, count: 1, cutOffs: 1, lastAt, lastCutOff: true }, sameDay),
    ).toBe(`Resumed after a server shutdown that did not finish (${time})`);
    expect(say(0, 3, false, true)).toBe(
      `Resumed after 3 server shutdowns that did not finish (last ${time})`,
    );
    expect(say(0, 1, false, true)).toBe(
      `Resumed after 3 server stops, 1 of them a shutdown that did not finish (last ${time}, a shutdown that did not finish)`,
    );
    expect(say(1, 2, true, false)).toBe(
      `Resumed after 3 server stops, 1 of them a crash, 2 shutdowns that did not finish (last ${time}, a crash)`,
    );
  });

  it('gives the day of a stop that was not today', () => {
    const text = interruptionsText(
      { ...NO_INTERRUPTIONS, count: 1, crashes: 1, lastAt, lastCrash: true },
      sameDay + 3 * 86_400_000,
    );
    expect(text).toBe(`Resumed after a server crash (${timeOfDayLabel(lastAt, sameDay + 3 * 86_400_000)})`);
    expect(text).not.toBe(`Resumed after a server crash (${time})`);
  });
});

const crashed = jobFixture({
  id: 'job-c',
  name: 'crashed',
  repoId: 'org/crashed',
  interruptions: {
    ...NO_INTERRUPTIONS,
    count: 2,
    crashes: 2,
    lastAt: new Date().toISOString(),
    lastCrash: true,
  },
});

describe('a job server stops interrupted', () => {
  const shown = jobPlaces(crashed);
  const places = () => [shown.panel(), shown.page()];

  it('says so in the panel and on the Downloads page, and nothing for a job none interrupted', () => {
    shown.render();
    for (const where of places())
      expect(within(where).getByText(/^Resumed after 2 server crashes \(last .+\)$/)).toBeTruthy();
    shown.send({ ...crashed, interruptions: NO_INTERRUPTIONS });
    for (const where of places()) expect(within(where).queryByText(/Resumed after/)).toBeNull();
  });
});

describe('History: a finished job server stops interrupted', () => {
  afterEach(() => cleanup());

  it('keeps saying so once the job completed', async () => {
    const done = jobFixture({
      ...crashed,
      state: 'completed',
      finishedAt: new Date().toISOString(),
      interruptions: {
        ...NO_INTERRUPTIONS,
        count: 3,
        crashes: 1,
        lastAt: new Date().toISOString(),
        lastCrash: false,
      },
    });
    const server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [done] }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
    try {
      renderLiveConnected(server.api, <DownloadsPage />);
      const row = (await screen.findByRole('button', { name: 'Remove crashed from history' })).closest('li')!;
      expect(
        within(row).getByText(
          /^Resumed after 3 server stops, 1 of them a crash \(last .+, a clean restart\)$/,
        ),
      ).toBeTruthy();
    } finally {
      cleanup();
      await server.close();
    }
  });
});
