// @vitest-environment jsdom
/**
 * The Installed card's Verify files (verify-files.tsx): asks POST /api/models/verify for the copy, says all intact, or
 * lists what is not with "Download them again", which asks the same with `repair` and says the job it queued.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstalledModel } from '../../../../src/api-types.js';
import type { ModelVerification } from '../../../../src/api-verify-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../../test/support/web/api-server.js';
import { installedFixture } from '../../../../test/support/web/installed-fixture.js';
import { renderLive } from '../../../../test/support/web/render-live.js';
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
    expect(repaired.body).toEqual({ repoType: 'model', repoId: 'org/v', repair: true });
    expect(await screen.findByText(/2 files deleted and queued to download again \(1 job:/)).toBeTruthy();
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
