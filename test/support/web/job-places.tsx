/**
 * One running job where the web UI shows jobs: the Downloads page's Active section and the downloads panel,
 * fed by a scripted API (the job list, the settings) and a fake live stream that delivers the job. Registers
 * its own beforeEach / afterEach in the calling `describe`.
 */
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { DownloadPanel } from '../../../web/src/components/download-panel.js';
import { DownloadsPage } from '../../../web/src/pages/downloads-page.js';
import { type ScriptedApi, startScriptedApi } from './api-server.js';
import { FakeEventSource } from './fake-event-source.js';
import { renderLive } from './render-live.js';

export interface JobPlaces {
  /** Renders the page and the panel and delivers the job on the live stream. */
  render(): void;
  /** Delivers a new state of the job on the live stream. */
  send(job: JobView): void;
  /** The server goes down: its live stream fails and every request's connection is dropped unanswered. */
  unreachable(): void;
  /** The downloads panel. */
  panel(): HTMLElement;
  /** The Downloads page's Active section. */
  page(): HTMLElement;
}

export function jobPlaces(job: JobView): JobPlaces {
  let server: ScriptedApi;
  let stream: FakeEventSource | undefined;
  beforeEach(async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [job] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
  });
  afterEach(async () => {
    cleanup();
    stream = undefined;
    await server.close();
  });
  const send = (next: JobView) => {
    if (!stream) throw new Error('jobPlaces: render() first');
    const live = stream;
    act(() => live.send('job', { type: 'job', job: next }));
  };
  return {
    render() {
      renderLive(
        server.api,
        <>
          <DownloadsPage />
          <DownloadPanel />
        </>,
        () => {
          stream = new FakeEventSource();
          return stream;
        },
      );
      act(() => stream?.open());
      send(job);
    },
    send,
    unreachable() {
      server.setUnreachable(true);
      const live = stream;
      act(() => live?.fail(0));
    },
    panel: () => screen.getByRole('complementary', { name: 'Downloads in progress' }),
    // Found by its id: the heading's words change with the job's state ("Downloading (1)", "Downloading (0) · 1 paused").
    page: () => document.getElementById('active-title')?.closest('section') as HTMLElement,
  };
}
