// @vitest-environment jsdom
/**
 * The Installed card's Verify files (verify-files.tsx): asks POST /api/models/verify for the copy, says all intact, or
 * lists what is not with "Download them again", which asks the same with `repair` and says the job it queued. While
 * the server hashes, the bar and figures of the stream's `verification` event, also for a verification this tab did
 * not ask for (another tab's, one running when the page loaded).
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstalledModel } from '../../../../src/api-types.js';
import type { ModelVerification, VerificationProgress } from '../../../../src/api-verify-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../../test/support/web/api-server.js';
import { installedFixture } from '../../../../test/support/web/installed-fixture.js';
import { renderLive, renderLiveConnected } from '../../../../test/support/web/render-live.js';
import { useVerifyFiles } from './verify-files.js';

/** The button and its findings, one under the other, as the Installed card shows them. */
function VerifyFiles({ installed }: { installed: InstalledModel }) {
  const { button, findings } = useVerifyFiles(installed);
  return (
    <>
      {button}
      {findings}
    </>
  );
}

let server: ScriptedApi | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
});

const report = (problems: ModelVerification['problems'], jobs: string[] = []): ModelVerification => ({
  id: 'v-1',
  repoId: 'org/v',
  repoType: 'model',
  location: 'cache',
  path: '/cache/models--org--v',
  files: 3,
  bytes: 230_007,
  intact: problems.length === 0,
  problems,
  repaired: null,
  jobs,
});
const problem = (path: string, kind: 'corrupt' | 'missing') => ({
  path,
  commit: 'a'.repeat(40),
  file: null,
  problem: kind,
  expected: null,
  actual: null,
  message: null,
});

describe('Verify files', () => {
  it('says all intact', async () => {
    server = await startScriptedApi({ 'POST /api/models/verify': () => ({ body: report([]) }) });
    renderLive(server.api, <VerifyFiles installed={installedFixture('org/v')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify files' }));
    expect(await screen.findByText('All 3 files intact (230.01 kB).')).toBeTruthy();
    const asked = await server.received((request) => request.url === '/api/models/verify');
    expect(asked.body).toEqual({ repoType: 'model', repoId: 'org/v' });
  });

  it('lists what is not intact and downloads it again on request', async () => {
    const found = [problem('extra.bin', 'missing'), problem('model.safetensors', 'corrupt')];
    server = await startScriptedApi({
      'POST /api/models/verify': (request) =>
        (request.body as { repair?: boolean }).repair
          ? { body: report(found, ['job-1']) }
          : { body: report(found) },
    });
    renderLive(server.api, <VerifyFiles installed={installedFixture('org/v')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify files' }));
    expect(await screen.findByText('2 of 3 files not intact:')).toBeTruthy();
    expect(
      [...document.querySelectorAll('.verify-files__problems li')].map((item) => item.textContent),
    ).toEqual([
      'extra.bin — missing (its blob is gone)',
      'model.safetensors — corrupt (its content does not match its hash)',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Download them again' }));
    const repaired = await server.received(
      (request) =>
        request.url === '/api/models/verify' && (request.body as { repair?: boolean }).repair === true,
    );
    expect(repaired.body).toEqual({ repoType: 'model', repoId: 'org/v', repair: true, findings: 'v-1' });
    expect(await screen.findByText(/2 files deleted and queued to download again \(1 job:/)).toBeTruthy();
  });

  it('asks which repo a local dir no marker names holds, and sends it with the repair', async () => {
    const unnamed = {
      ...report([problem('config.json', 'corrupt')]),
      repoId: null,
      repoType: null,
      location: 'local' as const,
      path: '/models/v-local',
    };
    server = await startScriptedApi({
      'POST /api/models/verify': (request) =>
        (request.body as { repair?: boolean }).repair
          ? { body: { ...unnamed, jobs: ['job-1'] } }
          : { body: unnamed },
    });
    const installed = installedFixture('v-local', { location: 'local', localFolder: 'v-local' });
    renderLive(server.api, <VerifyFiles installed={installed} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify files' }));
    const field = await screen.findByRole('textbox', { name: 'Repo this folder holds' });
    const again = screen.getByRole('button', { name: 'Download it again' });
    expect(again.hasAttribute('disabled')).toBe(true);
    // Checked as the server checks it: refused, marked and described by why, the button off.
    fireEvent.change(field, { target: { value: 'org--v' } });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const why = field
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id));
    expect(why.map((element) => element?.textContent).join(' ')).toMatch(/"--" and "\.\." are not allowed/);
    expect(again.hasAttribute('disabled')).toBe(true);
    fireEvent.change(field, { target: { value: ' org/v ' } });
    expect(field.hasAttribute('aria-invalid')).toBe(false);
    fireEvent.click(again);
    const repaired = await server.received(
      (request) =>
        request.url === '/api/models/verify' && (request.body as { repair?: boolean }).repair === true,
    );
    expect(repaired.body).toEqual({ localFolder: 'v-local', repoId: 'org/v', repair: true, findings: 'v-1' });
    expect(await screen.findByText(/1 file deleted and queued to download again \(1 job:/)).toBeTruthy();
  });

  it('says a failure', async () => {
    server = await startScriptedApi({
      'POST /api/models/verify': () => ({
        status: 404,
        body: { code: 'REPO_NOT_FOUND', message: 'model org/v is not in the cache /cache' },
      }),
    });
    renderLive(server.api, <VerifyFiles installed={installedFixture('org/v')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify files' }));
    expect(await screen.findByText(/Verification failed: .*not in the cache/)).toBeTruthy();
  });
});

/** The stream's word of org/v's verification: 1.2 GB of 4.3 GB hashed, 3 of 8 files, at 1.05 GB/s. */
const progress = (overrides: Partial<VerificationProgress> = {}): VerificationProgress => ({
  id: 'run-1',
  key: 'cache:model/org/v',
  model: { repoType: 'model', repoId: 'org/v' },
  state: 'running',
  startedAt: '2026-12-07T18:00:00.000Z',
  hashedBytes: 1_200_000_000,
  totalBytes: 4_300_000_000,
  doneFiles: 3,
  totalFiles: 8,
  bytesPerSecond: 1_050_000_000,
  etaSeconds: 3,
  quietMs: 0,
  result: null,
  error: null,
  ...overrides,
});

const bar = () => screen.getByRole('progressbar', { name: 'Verifying files' });

describe('Verify files while the server hashes', () => {
  it('shows the bar, bytes, files, speed and time left of its own verification, then what it found', async () => {
    server = await startScriptedApi({});
    let answer!: (report: ModelVerification) => void;
    const api = {
      ...server.api,
      verifyModel: () => new Promise<ModelVerification>((resolve) => (answer = resolve)),
    };
    const stream = renderLiveConnected(api, <VerifyFiles installed={installedFixture('org/v')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Verify files' }));
    // Before the stream's first word of it: what is being hashed.
    expect(screen.getByText('Hashing 2 B again…')).toBeTruthy();
    act(() => stream.send('verification', { type: 'verification', verification: progress() }));
    expect(bar().getAttribute('aria-valuenow')).toBe('27.9');
    expect(screen.getByText('27.9%')).toBeTruthy();
    expect(screen.getByText('1.20 GB / 4.30 GB · 3 of 8 files · 1.1 GB/s · ETA 3 s')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Verifying…' }).hasAttribute('disabled')).toBe(true);
    // Reading nothing for a while (a disk that stopped answering) is said; a moment's quiet is not.
    expect(screen.queryByText(/Nothing read/)).toBeNull();
    const quiet = (quietMs: number) => progress({ quietMs, bytesPerSecond: 0, etaSeconds: null });
    act(() => stream.send('verification', { type: 'verification', verification: quiet(2_000) }));
    expect(screen.queryByText(/Nothing read/)).toBeNull();
    act(() => stream.send('verification', { type: 'verification', verification: quiet(25_400) }));
    expect(screen.getByText('Nothing read for 25 s — the disk is busy or not answering')).toBeTruthy();
    act(() => answer(report([])));
    expect(await screen.findByText('All 3 files intact (230.01 kB).')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows a verification another tab asked for (or one running when the page loaded), then what it found', async () => {
    server = await startScriptedApi({});
    const stream = renderLiveConnected(server.api, <VerifyFiles installed={installedFixture('org/v')} />);
    // Another model's verification is not this card's.
    act(() =>
      stream.send('verification', {
        type: 'verification',
        verification: progress({
          key: 'cache:model/org/other',
          model: { repoType: 'model', repoId: 'org/other' },
        }),
      }),
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    act(() => stream.send('verification', { type: 'verification', verification: progress() }));
    expect(bar().getAttribute('aria-valuenow')).toBe('27.9');
    expect(screen.getByRole('button', { name: 'Verifying…' }).hasAttribute('disabled')).toBe(true);
    const done = progress({
      state: 'done',
      hashedBytes: 4_300_000_000,
      doneFiles: 8,
      bytesPerSecond: 0,
      etaSeconds: 0,
      result: report([]),
    });
    act(() => stream.send('verification', { type: 'verification', verification: done }));
    expect(screen.getByText('All 3 files intact (230.01 kB).')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Verify files' }).hasAttribute('disabled')).toBe(false);
    expect(server.requests.some((request) => request.url === '/api/models/verify')).toBe(false);
  });

  it('drops a running verification the reopened stream does not tell again (it ended meanwhile)', async () => {
    server = await startScriptedApi({});
    const stream = renderLiveConnected(server.api, <VerifyFiles installed={installedFixture('org/v')} />);
    act(() => stream.send('verification', { type: 'verification', verification: progress() }));
    expect(bar()).toBeTruthy();
    act(() => stream.open());
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('button', { name: 'Verify files' }).hasAttribute('disabled')).toBe(false);
  });
});
