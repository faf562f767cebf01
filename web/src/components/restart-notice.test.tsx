// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatus, UncleanStop } from '../../../src/api-server-status.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { renderLive, renderLiveConnected } from '../../../test/support/web/render-live.js';
import { timeOfDayLabel } from '../format/job-subtitle.js';
import { uncleanStopText } from '../format/unclean-stop.js';
import { ConnectionBanner } from './connection-banner.js';
import { RestartNotice } from './restart-notice.js';

const lastAliveAt = '2026-12-06T08:58:40.000Z';
const sameDay = Date.parse(lastAliveAt) + 120_000;
const time = timeOfDayLabel(lastAliveAt, sameDay);
const crash: UncleanStop = {
  kind: 'crash',
  lastAliveAt,
  shutdownStartedAt: null,
  previousStartedAt: '2026-12-05T17:20:03.000Z',
  interruptedJobs: 2,
  jobIds: ['a', 'b'],
};

let server: ScriptedApi | undefined;

afterEach(async () => {
  cleanup();
  window.localStorage.clear();
  await server?.close();
  server = undefined;
});

async function showStatus(status: ServerStatus) {
  server = await startScriptedApi({
    'GET /api/downloads': () => ({ body: [] }),
    'GET /api/system/status': () => ({ body: status }),
  });
  renderLiveConnected(server.api, <RestartNotice nowMs={sameDay} />);
}

describe('uncleanStopText', () => {
  it('names a crash, when the server was last known running and what it resumed', () => {
    expect(uncleanStopText(crash, sameDay)).toBe(
      `The server restarted after a crash; last known running at ${time}. 2 downloads it was running were resumed.`,
    );
    expect(uncleanStopText({ ...crash, interruptedJobs: 0, jobIds: [] }, sameDay)).toContain(
      'No download was running.',
    );
  });

  it('names a shutdown that did not finish as such, not a crash', () => {
    const text = uncleanStopText(
      { ...crash, kind: 'unclean-shutdown', shutdownStartedAt: lastAliveAt, interruptedJobs: 1 },
      sameDay,
    );
    expect(text).toBe(
      `The server restarted after a shutdown that did not finish (begun ${time}: cut off by its time limit, or killed); last known running at ${time}. 1 download it was running was resumed.`,
    );
  });
});

describe('RestartNotice', () => {
  it('says once that the server restarted after a crash: dismissed, it stays away for that run', async () => {
    const status = { startedAt: '2026-12-06T09:00:00.000Z', uncleanStop: crash };
    await showStatus(status);
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain(uncleanStopText(crash, sameDay));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();

    // The page opened again: the same run says nothing more.
    cleanup();
    renderLiveConnected(server!.api, <RestartNotice nowMs={sameDay} />);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server!.requests.filter((request) => request.url === '/api/system/status')).toHaveLength(2);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says it again for another run that followed a crash, and nothing after a clean stop', async () => {
    window.localStorage.setItem('hubget.uncleanStopSeen', '2026-12-05T17:20:03.000Z');
    await showStatus({ startedAt: '2026-12-06T09:00:00.000Z', uncleanStop: crash });
    expect((await screen.findByRole('status')).textContent).toContain('after a crash');
    cleanup();
    await server?.close();
    await showStatus({ startedAt: '2026-12-06T09:00:00.000Z', uncleanStop: null });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server!.requests.some((request) => request.url === '/api/system/status')).toBe(true);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says it on a page left open across the crash, once the server answers again', async () => {
    let status: ServerStatus = { startedAt: '2026-12-06T08:00:00.000Z', uncleanStop: null };
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/system/network': () => ({ status: 503, body: { code: 'X', message: 'later' } }),
      'GET /api/system/status': () => ({ body: status }),
    });
    let stream: FakeEventSource | undefined;
    renderLive(
      server.api,
      <>
        <ConnectionBanner />
        <RestartNotice nowMs={sameDay} />
      </>,
      () => {
        stream = new FakeEventSource();
        return stream;
      },
    );
    act(() => stream?.open());
    await waitFor(() =>
      expect(server!.requests.some((request) => request.url === '/api/system/status')).toBe(true),
    );
    expect(screen.queryByRole('status')).toBeNull();

    // The server is killed; another run starts after it.
    server.setUnreachable(true);
    act(() => stream?.fail(0));
    await screen.findByText('Cannot reach the hubget server.', {}, { timeout: 8000 });
    status = { startedAt: '2026-12-06T09:00:00.000Z', uncleanStop: crash };
    server.setUnreachable(false);
    expect((await screen.findByRole('status', {}, { timeout: 8000 })).textContent).toContain('after a crash');
  });
});
