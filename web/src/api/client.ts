/**
 * Typed calls to the hubget HTTP API (routes in src/server/routes). Shapes come from
 * src/api-types.ts through a type-only import: the UI shares nothing else with the server.
 */
import type { DeleteModelsRequest, ModelsDeletion } from '../../../src/api-models-deletion-types.js';
import type { QuantDeletion } from '../../../src/api-quant-types.js';
import type { ServerStatus } from '../../../src/api-server-status.js';
import type {
  DeleteModelResponse,
  DiskStats,
  HubAccountView,
  HubSearchResponse,
  HubSearchSort,
  InstalledLocation,
  InstalledModel,
  JobFileView,
  JobView,
  MirrorStatusView,
  ModelListEntry,
  NetworkHistory,
  NetworkStats,
  NewJobRequest,
  PreviewQuery,
  PreviewResponse,
  RepoPageResponse,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../../../src/api-types.js';
import type { ModelVerification } from '../../../src/api-verify-types.js';
import { readApiToken } from './api-token.js';
import { errorFromResponse, UiError } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

interface Answer<T> {
  status: number;
  body: T;
}

async function request<T>(
  fetchImpl: FetchLike,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = readApiToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new UiError('Cannot reach the hubget server. Is it running?', 'NETWORK');
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text);
  if (text === '') return { status: response.status, body: undefined as T };
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch {
    throw new UiError('The server sent an unreadable answer.', 'BAD_RESPONSE', response.status);
  }
}

const enc = encodeURIComponent;

/** What names an installed model to the delete routes. */
type ModelToDelete = Pick<InstalledModel, 'repoId' | 'repoType'> & InstalledLocation;

/**
 * DELETE path for an installed model: the cache route by repo id, or the local-dir route by its folder
 * relative to the models dir (the server refuses one in a sub-folder: src/sub-folder-local-dir.ts).
 */
export function deleteModelPath(model: ModelToDelete): string {
  if (model.location === 'local') return `/api/models/local/${enc(model.localFolder)}`;
  const type = `${model.repoType}`;
  return `/api/models/${enc(type)}/${model.repoId.split('/').map(enc).join('/')}`;
}

/** How POST /api/models/delete names an installed model: its repo in the HF cache, or its local dir's folder. */
export function modelRefOf(model: ModelToDelete): DeleteModelsRequest['models'][number] {
  return model.location === 'local'
    ? { localFolder: model.localFolder }
    : { repoType: model.repoType, repoId: model.repoId };
}

export interface HubSearchParams {
  type: 'model' | 'dataset';
  q: string;
  filter?: string;
  sort: HubSearchSort;
  limit?: number;
  cursor?: string;
}

/** `/api/hub/search?...`: every value encoded by URLSearchParams. */
export function hubSearchPath(params: HubSearchParams): string {
  const query = new URLSearchParams({ type: params.type, q: params.q, sort: params.sort });
  if (params.filter) query.set('filter', params.filter);
  if (params.limit) query.set('limit', String(params.limit));
  if (params.cursor) query.set('cursor', params.cursor);
  return `/api/hub/search?${query}`;
}

/** `/api/hub/repos/{type}/{org}/{name}?revision=…` */
export function repoPagePath(repoType: 'model' | 'dataset', repoId: string, revision?: string): string {
  const path = `/api/hub/repos/${repoType}/${repoId.split('/').map(enc).join('/')}`;
  return revision ? `${path}?revision=${enc(revision)}` : path;
}

export function createApi(fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  const call = async <T>(method: string, path: string, body?: unknown) =>
    (await request<T>(fetchImpl, method, path, body)).body;
  const get = <T>(path: string) => call<T>('GET', path);
  return {
    models: () => get<ModelListEntry[]>('/api/models'),
    deleteModel: (model: ModelToDelete) => call<DeleteModelResponse>('DELETE', deleteModelPath(model)),
    /** What deleting several models together frees, each and all (a blob linked between them counted once). */
    modelsDeletion: (models: readonly ModelToDelete[]) =>
      call<ModelsDeletion>('POST', '/api/models/delete/preview', { models: models.map(modelRefOf) }),
    /** Several models deleted together, in order. */
    deleteModels: (models: readonly ModelToDelete[]) =>
      call<ModelsDeletion>('POST', '/api/models/delete', { models: models.map(modelRefOf) }),
    /**
     * An installed model's files hashed again; `repair`: what is not intact fetched again by a job, from the findings of
     * verification `findings` when the server still holds them as they were (else hashed again first).
     */
    /** `held`: for a local dir no hubget marker names, the repo it holds, which a repair downloads. */
    verifyModel: (model: ModelToDelete, repair = false, findings?: string, held?: string) =>
      call<ModelVerification>('POST', '/api/models/verify', {
        ...modelRefOf(model),
        ...(repair && { repair }),
        ...(repair && findings !== undefined && { findings }),
        ...(model.location === 'local' && held !== undefined && { repoId: held }),
      }),
    /** One revision (full commit) of a cached repo; blobs other revisions use stay. */
    deleteRevision: (model: ModelToDelete, commit: string) =>
      call<DeleteModelResponse>('DELETE', `${deleteModelPath(model)}?revision=${enc(commit)}`),
    /** What deleting one GGUF quantization of a cached repo or a folder removes and frees (GET), and the deletion (DELETE). */
    quantDeletion: (model: ModelToDelete, quant: string) =>
      get<QuantDeletion>(`${deleteModelPath(model)}/quants/${enc(quant)}`),
    deleteQuant: (model: ModelToDelete, quant: string) =>
      call<QuantDeletion>('DELETE', `${deleteModelPath(model)}/quants/${enc(quant)}`),
    jobs: () => get<JobView[]>('/api/downloads'),
    /** 201 = a new job, 200 = joined an identical active job. */
    create: async (body: NewJobRequest) => {
      const answer = await request<JobView>(fetchImpl, 'POST', '/api/downloads', body);
      return { job: answer.body, joined: answer.status === 200 };
    },
    /** `otherFiles`: also what the destination holds of the rest of the listing (PreviewResponse.otherFiles). */
    preview: (body: NewJobRequest, query: PreviewQuery = {}) =>
      call<PreviewResponse>(
        'POST',
        `/api/downloads/preview${query.otherFiles ? '?otherFiles=true' : ''}`,
        body,
      ),
    /** `force`: a mirror pull that clients are reading too, their downloads cut (else 409 IN_USE). */
    pause: (id: string, force = false) =>
      call<JobView>('POST', `/api/downloads/${enc(id)}/pause${force ? '?force=true' : ''}`),
    resume: (id: string) => call<JobView>('POST', `/api/downloads/${enc(id)}/resume`),
    cancel: (id: string, force = false) =>
      call<JobView>('POST', `/api/downloads/${enc(id)}/cancel${force ? '?force=true' : ''}`),
    retry: (id: string) => call<JobView>('POST', `/api/downloads/${enc(id)}/retry`),
    remove: (id: string) => call<void>('DELETE', `/api/downloads/${enc(id)}`),
    move: (id: string, position: number) =>
      call<JobView>('POST', `/api/downloads/${enc(id)}/move`, { position }),
    setJobLimit: (id: string, bandwidthLimit: number) =>
      call<JobView>('PUT', `/api/downloads/${enc(id)}/limit`, { bandwidthLimit }),
    files: (id: string) => get<JobFileView[]>(`/api/downloads/${enc(id)}/files`),
    history: (id: string) => get<SpeedSample[]>(`/api/downloads/${enc(id)}/history`),
    settings: () => get<Settings>('/api/settings'),
    updateSettings: (update: SettingsUpdate) => call<Settings>('PUT', '/api/settings', update),
    network: () => get<NetworkStats>('/api/system/network'),
    networkHistory: () => get<NetworkHistory>('/api/system/network/history'),
    /** The disk the folder a download's `localDir` names is on (a mount point below the models folder is another's). */
    folderDisk: (localDir: string) => get<DiskStats>(`/api/system/disk/folder?localDir=${enc(localDir)}`),
    /** This server run, and how the previous one ended when not cleanly. */
    serverStatus: () => get<ServerStatus>('/api/system/status'),
    hubSearch: (params: HubSearchParams) => get<HubSearchResponse>(hubSearchPath(params)),
    repoPage: (repoType: 'model' | 'dataset', repoId: string, revision?: string) =>
      get<RepoPageResponse>(repoPagePath(repoType, repoId, revision)),
    mirror: () => get<MirrorStatusView>('/api/mirror'),
    /** Whose HF token it is, as the Hub says: `token` (before saving it), else the stored one. */
    whoami: (token?: string) =>
      call<HubAccountView>('POST', '/api/hub/whoami', token === undefined ? {} : { token }),
  };
}

export type Api = ReturnType<typeof createApi>;

export const api: Api = createApi();
