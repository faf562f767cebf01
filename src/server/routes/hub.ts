/**
 * /api/hub/*: Hub search and the model page. The server calls the Hub (src/server/hub-browser.ts), marks
 * what is installed (the HF cache and the local dirs under the models folder, by `hubget search`'s and `hubget
 * info`'s rules: src/models/repo-copies.ts, src/server/repo-files-here.ts), groups files, and applies the GGUF
 * quantization rule (src/catalog/gguf-quants.ts) and the fit hint (src/catalog/fit-hint.ts) against free disk
 * and memory.
 */
import type { FastifyInstance } from 'fastify';
import type {
  HubAccountView,
  HubSearchResponse,
  HubSearchSort,
  RepoPageResponse,
  WhoAmIRequest,
} from '../../api-types.js';
import {
  fileGroupOf,
  fitHint,
  groupFiles,
  listGgufQuants,
  smallCompanionFiles,
} from '../../catalog/index.js';
import { fileBytesToWrite } from '../../format/disk-fit.js';
import { exactPathPattern } from '../../hub/index.js';
import { installedCopy } from '../../model-status.js';
import { NO_PLANS } from '../../models/download-plans.js';
import { repoCopies } from '../../models/repo-copies.js';
import { usableFreeBytes } from '../../system/disk-stats.js';
import { linkedFromOtherRepo } from '../../transfer/copy-finder.js';
import { heldWhole, localDirsByRepo } from '../../transfer/local-dir-copies.js';
import type { DiskStatsReader, ModelsSource } from '../deps.js';
import type { HubBrowser } from '../hub-browser.js';
import {
  hubAccountSchema,
  hubSearchQuerySchema,
  hubSearchResponseSchema,
  repoPageParamsSchema,
  repoPageQuerySchema,
  repoPageResponseSchema,
  whoAmIRequestSchema,
} from '../hub-schemas.js';
import { localDirsAtPath } from '../local-dirs-at-path.js';
import { repoFilesHere } from '../repo-files-here.js';
import { errorResponses } from '../response-schemas.js';
import { tokenOnlyQuerySchema } from '../schemas.js';
import { type RepoPathParams, repoIdOf } from './repo-params.js';

const tags = ['hub'];

interface SearchQuery {
  type: 'model' | 'dataset';
  q?: string;
  author?: string;
  filter?: string[];
  sort: HubSearchSort;
  limit: number;
  cursor?: string;
}

type RepoParams = RepoPathParams;

export interface HubRouteDeps {
  hub: HubBrowser;
  models: ModelsSource;
  disk: DiskStatsReader;
  hubCacheDir: string;
  /** Where the local dirs are looked for (the preview's and the jobs' models folder). */
  modelsDir: string;
}

export function registerHubRoutes(app: FastifyInstance, deps: HubRouteDeps): void {
  app.get<{ Querystring: SearchQuery }>(
    '/api/hub/search',
    {
      schema: {
        tags,
        summary: 'Search Hub models or datasets (cached 60 s); nextCursor pages on',
        querystring: hubSearchQuerySchema,
        response: { 200: hubSearchResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<HubSearchResponse> => {
      const query = request.query;
      const [page, installed, localDirsOf] = await Promise.all([
        deps.hub.search({
          repoType: query.type,
          ...(query.q === undefined ? {} : { search: query.q }),
          ...(query.author === undefined ? {} : { author: query.author }),
          ...(query.filter === undefined ? {} : { filter: query.filter }),
          sort: query.sort,
          limit: query.limit,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        }),
        // Only whether each repo is installed: no download plan is checked on disk (a stat per planned file).
        deps.models.installed(NO_PLANS),
        localDirsByRepo(deps.modelsDir),
      ]);
      return {
        items: page.items.map((item) => {
          const here = repoCopies(installed, item, localDirsOf);
          return {
            ...item,
            installed: here.installed,
            // Only where each is (InstalledLocation), not the whole InstalledModel.
            copies: here.copies.map((copy) =>
              copy.location === 'cache'
                ? { location: copy.location, localFolder: null }
                : { location: copy.location, localFolder: copy.localFolder },
            ),
            installedQuants: here.quants,
          };
        }),
        nextCursor: page.nextCursor,
      };
    },
  );

  const repoPage = async (params: RepoParams, revision: string): Promise<RepoPageResponse> => {
    const repoId = repoIdOf(params);
    const repo = { repoId, repoType: params.repoType };
    const [details, installed, disk, machine] = await Promise.all([
      deps.hub.repo(repo, revision),
      deps.models.installed(),
      deps.disk(deps.hubCacheDir),
      deps.hub.machine(),
    ]);
    const files = Object.values(groupFiles(details.files)).flat();
    const listing = listGgufQuants(details.files);
    const copy = installedCopy(installed, params.repoType, repoId);
    const here = await repoFilesHere({
      repo,
      commit: details.commit,
      files: details.files,
      installed: copy,
      hubCacheDir: deps.hubCacheDir,
      modelsDir: deps.modelsDir,
    });
    const { onDisk } = here;
    const atPath = await localDirsAtPath(deps.modelsDir, details.files, here.localDirs);
    const partialOf = (path: string) => here.partialBytes.get(path) ?? 0;
    const localDirsOf = (path: string) => here.localDirs.get(path) ?? [];
    const cachedAsOf = (path: string) => here.cachedAs.get(path) ?? [];
    const sizeOf = new Map(details.files.map((file) => [file.path, file.size]));
    // A file a download into the HF cache would hard-link from another repo's blob takes no room (copy-finder.ts).
    const linkable = new Set(
      details.files
        .filter((file) =>
          linkedFromOtherRepo({
            lfs: file.lfs !== undefined,
            localDirs: localDirsOf(file.path),
            otherRepos: cachedAsOf(file.path),
          }),
        )
        .map((file) => file.path),
    );
    // What a download into the HF cache writes there: all it lacks (fetched, or copied from a local dir: a copy
    // takes room too), less the prefixes it resumes and the blobs it links (the preview's `bytesToWrite`).
    const bytesToWrite = (paths: readonly string[]) =>
      paths.reduce(
        (sum, path) =>
          sum +
          (linkable.has(path)
            ? 0
            : fileBytesToWrite({
                size: sizeOf.get(path) ?? 0,
                present: onDisk.has(path),
                partialBytes: partialOf(path),
              })),
        0,
      );
    // The repo's facts at the revision go out as the Hub client read them (RepoRevisionFacts); the rest is ours.
    const { repo: _asked, files: _listed, refs, ...facts } = details;
    return {
      ...facts,
      repoId,
      repoType: params.repoType,
      files: files.map((file) => ({
        path: file.path,
        size: file.size,
        group: fileGroupOf(file.path),
        pattern: exactPathPattern(file.path),
        onDisk: onDisk.has(file.path),
        localDirs: localDirsOf(file.path),
        localDirsAtPath: atPath.get(file.path) ?? [],
        cachedAs: cachedAsOf(file.path),
        partialBytes: partialOf(file.path),
      })),
      totalBytes: details.files.reduce((sum, file) => sum + file.size, 0),
      branches: refs.branches.map((ref) => ({ name: ref.name, commit: ref.commit })),
      gitTags: refs.tags.map((ref) => ({ name: ref.name, commit: ref.commit })),
      pullRequests: refs.pullRequests.map((ref) => ({ name: ref.name, commit: ref.commit })),
      gguf:
        listing.quants.length === 0
          ? null
          : {
              quants: listing.quants.map((quant) => ({
                ...quant,
                fits: fitHint(quant.totalBytes, usableFreeBytes(disk), machine, bytesToWrite(quant.files)),
                localDirs: heldWhole(here.localDirs, quant.files),
                cachedAs: heldWhole(here.cachedAs, quant.files),
              })),
              mmproj: listing.mmproj,
              defaultQuant: listing.defaultQuant,
              defaultMmproj: listing.defaultMmproj,
              smallFiles: smallCompanionFiles(details.files),
            },
      installed: copy,
      freeDiskBytes: disk.freeBytes,
      totalRamBytes: machine.totalRamBytes,
      gpuMemoryBytes: machine.gpuMemoryBytes ?? null,
    };
  };

  const repoSchema = (summary: string) => ({
    tags,
    summary,
    params: repoPageParamsSchema,
    querystring: repoPageQuerySchema,
    response: { 200: repoPageResponseSchema, ...errorResponses },
  });
  type RepoRoute = { Params: RepoParams; Querystring: { revision?: string } };
  app.get<RepoRoute>(
    '/api/hub/repos/:repoType/:org/:name',
    { schema: repoSchema('A repo for the model page: card, files, branches, GGUF quantizations, installed') },
    async (request) => repoPage(request.params, request.query.revision ?? 'main'),
  );
  app.get<RepoRoute>(
    '/api/hub/repos/:repoType/:name',
    { schema: repoSchema('Same, for a repo id without namespace (e.g. gpt2)') },
    async (request) => repoPage(request.params, request.query.revision ?? 'main'),
  );

  // POST, not GET: the token to check travels in the body, never in a URL (logs, history).
  app.post<{ Body: WhoAmIRequest }>(
    '/api/hub/whoami',
    {
      schema: {
        tags,
        summary: "Whose Hugging Face token it is (the Hub's whoami): the given one, else the stored one",
        querystring: tokenOnlyQuerySchema,
        body: whoAmIRequestSchema,
        response: { 200: hubAccountSchema, ...errorResponses },
      },
    },
    async (request): Promise<HubAccountView> => deps.hub.whoami(request.body?.token),
  );
}
