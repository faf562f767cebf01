/**
 * The small ports the HTTP face depends on. The real adapters (src/system, src/cache, src/catalog,
 * src/jobs) are wired in serve.ts; tests pass fakes with the same shape.
 */

import type { DestinationStream } from 'pino';
import type { ModelsDeletion, ModelToDeleteRef } from '../api-models-deletion-types.js';
import type { QuantDeletion } from '../api-quant-types.js';
import type { ServerStatus } from '../api-server-status.js';
import type { CatalogEntry, DeleteModelResponse, DiskStats, InstalledModel } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import type { MirrorService } from '../mirror/index.js';
import type { PlanLookup } from '../models/download-plans.js';
import type { NetworkMonitor as SystemNetworkMonitor } from '../system/index.js';
import type { HubBrowser } from './hub-browser.js';
import type { ModelVerifications } from './model-verifications.js';
import type { ServerConfig } from './server-config.js';

/**
 * The one network sampler (src/system/network-stats.ts createNetworkMonitor): its timer, its history and
 * its latest sample feed GET /api/system/network(/history), the SSE `network` events and /metrics. The
 * app starts it when it is ready (with hubget's own speed from the jobs service) and stops it on close.
 */
export type NetworkMonitor = Pick<
  SystemNetworkMonitor,
  'sample' | 'latest' | 'history' | 'start' | 'stop' | 'setHubgetRate' | 'onSample'
>;

export type DiskStatsReader = (path: string) => Promise<DiskStats>;

export interface CachedModelRef {
  repoId: string;
  repoType: InstalledModel['repoType'];
  /** Full commit: delete only this revision (of a quantization: only in it); omitted: the whole repo folder. */
  revision?: string;
}

export interface ModelsSource {
  catalog(): Promise<CatalogEntry[]>;
  /**
   * Models found in the HF hub cache and the managed local dirs, each with its latest download plan checked on
   * disk: by `plans` when given (a caller that has grouped the jobs already), else by the source's own.
   */
  installed(plans?: PlanLookup): Promise<InstalledModel[]>;
  deleteCached(ref: CachedModelRef): Promise<DeleteModelResponse>;
  /** One GGUF quantization of a cached repo: what deleting it does (`execute` false) or did (src/cache/delete-quant.ts). */
  deleteQuant(ref: CachedModelRef & { quant: string }, execute: boolean): Promise<QuantDeletion>;
  /** `folder` is a single folder name under the models dir (validated by the route and again by the adapter). */
  deleteLocal(folder: string): Promise<DeleteModelResponse>;
  /** One GGUF quantization of such a folder: what deleting it does or did (src/cache/delete-local-quant.ts). */
  deleteLocalQuant(folder: string, quant: string, execute: boolean): Promise<QuantDeletion>;
  /**
   * Several models deleted together, in order (src/server/models-deletion.ts): what they free (`execute` false) or
   * freed, a blob they hard-link between them counted once. A local dir's folder is checked as deleteLocal's.
   */
  deleteModels(refs: readonly ModelToDeleteRef[], execute: boolean): Promise<ModelsDeletion>;
}

export interface AppLogOptions {
  level?: string;
  /** Where JSON log lines go (default stdout). Tests capture them here. */
  stream?: DestinationStream;
}

export interface AppDeps {
  jobs: JobService;
  network: NetworkMonitor;
  disk: DiskStatsReader;
  models: ModelsSource;
  config: ServerConfig;
  /** Hub search and model pages (/api/hub/*); without it those routes are not served. */
  hub?: HubBrowser;
  logger?: AppLogOptions | false;
  /** Mirror mode (`serve --mirror`): the read-only Hub endpoint under /hf. */
  mirror?: MirrorService;
  /** POST /api/models/verify's runs (default: over config's folders and `jobs`); a test holds their hashing. */
  verifications?: ModelVerifications;
  /** GET /api/system/status: this run, and how the previous one ended (src/server/server-run.ts). */
  status?: () => ServerStatus;
}
