/**
 * The Downloads page rendered against a scripted API that lists `jobs` (the page's other reads answered empty),
 * with its event stream open: for the History and Retry tests. `routes` adds or overrides answers.
 */
import type { JobView } from '../../../src/api-types.js';
import { DownloadsPage } from '../../../web/src/pages/downloads-page.js';
import { type ScriptedApi, startScriptedApi } from './api-server.js';
import { renderLiveConnected } from './render-live.js';

export async function renderDownloadsPage(
  jobs: JobView[],
  routes: Parameters<typeof startScriptedApi>[0] = {},
): Promise<ScriptedApi> {
  const server = await startScriptedApi({
    'GET /api/downloads': () => ({ body: jobs }),
    'GET /api/models': () => ({ body: [] }),
    'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    ...routes,
  });
  renderLiveConnected(server.api, <DownloadsPage />);
  return server;
}
