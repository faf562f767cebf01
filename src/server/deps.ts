/**
 * The small ports the HTTP face depends on. The real adapters (src/system, src/cache, src/catalog,
 * src/jobs) are wired in serve.ts; tests pass fakes with the same shape.
 */

import type {
  CatalogEntry,
  DeleteModelResponse,
  DiskStats,
  InstalledModel,
  NetworkStats,
} from '../api-types.js';
import type { JobService } from '../jobs/types.js';
import type { HubBrowser } from './hub-browser.js';
import type { ServerConfig } from './server-config.js';

/** Latest interface counters; hubget's own speed is added by the server from the jobs service. */
export type NetworkReading = Omit<NetworkStats, 'hubgetBytesPerSecond'>;

export interface NetworkSource {
  current(): NetworkReading | Promise<NetworkReading>;
}

export type DiskStatsReader = (path: string) => Promise<DiskStats>;

export interface CachedModelRef {
  repoId: string;
  repoType: InstalledModel['repoType'];
  /** Full commit: delete only this revision; omitted: the whole repo folder. */
  revision?: string;
}

export interface ModelsSource {
  catalog(): Promise<CatalogEntry[]>;
  /** Models found in the HF hub cache and the managed local dirs. */
  installed(): Promise<InstalledModel[]>;
  deleteCached(ref: CachedModelRef): Promise<DeleteModelResponse>;
  /** `folder` is a single folder name under the models dir (validated by the route and again by the adapter). */
  deleteLocal(folder: string): Promise<DeleteModelResponse>;
}

export interface AppLogOptions {
  level?: string;
  /** Where JSON log lines go (default stdout). Tests capture them here. */
  stream?: NodeJS.WritableStream;
}

export interface AppDeps {
  jobs: JobService;
  network: NetworkSource;
  disk: DiskStatsReader;
  models: ModelsSource;
  config: ServerConfig;
  /** Hub search and model pages (/api/hub/*); without it those routes are not served. */
  hub?: HubBrowser;
  logger?: AppLogOptions | false;
}
