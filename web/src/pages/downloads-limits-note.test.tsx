// @vitest-environment jsdom
/**
 * The Downloads page's note on its limits says what each does: a bandwidth limit applies to running downloads
 * at once, a lower number of parallel downloads only as running ones finish (docs/jobs.md, "Queue"); it said
 * every limit applied at once, and an admin who went from 3 to 1 saw all 3 go on.
 */
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { renderDownloadsPage } from '../../../test/support/web/downloads-page.js';

describe('Downloads page: the note on its limits', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says a lower number of parallel downloads waits for running ones to finish', async () => {
    server = await renderDownloadsPage([]);
    const note = await screen.findByText(/Bandwidth limits apply at once/);
    expect(note.textContent).toMatch(/fewer parallel downloads take effect as running ones finish/);
    expect(screen.queryByText(/Limits apply immediately/)).toBeNull();
  });
});
