/**
 * The Models page rendered against a scripted API that lists `entries` (GET /api/models) and `jobs`, with no
 * network statistics, settings not answered yet and an empty Hub search: the Model Manager's row tests.
 * `routes` adds or overrides answers.
 */
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { ModelsPage } from '../../../web/src/pages/models-page.js';
import { type ScriptedApi, startScriptedApi } from './api-server.js';
import { liveRoutes } from './live-routes.js';
import { renderLive } from './render-live.js';

export async function renderModelsPage(
  entries: ModelListEntry[],
  jobs: JobView[] = [],
  routes: Parameters<typeof startScriptedApi>[0] = {},
): Promise<ScriptedApi> {
  const server = await startScriptedApi({
    ...liveRoutes({ jobs }),
    'GET /api/models': () => ({ body: entries }),
    'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
    ...routes,
  });
  renderLive(server.api, <ModelsPage />);
  return server;
}
