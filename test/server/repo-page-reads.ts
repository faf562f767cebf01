/** Reading the model page's data (GET /api/hub/repos/model/…) in the server's "what is here" tests. */
import { expect } from 'vitest';
import type { RepoPageResponse } from '../../src/api-types.js';
import type { Harness } from './server-harness.js';

/** The page of model `repoId`, answered 200. */
export async function repoPageOf(h: Harness, repoId: string): Promise<RepoPageResponse> {
  const answer = await h.api<RepoPageResponse>('GET', `/api/hub/repos/model/${repoId}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

export const fileOf = (body: RepoPageResponse, path: string) =>
  body.files.find((file) => file.path === path)!;
export const quantOf = (body: RepoPageResponse, name: string) =>
  body.gguf!.quants.find((quant) => quant.name === name)!;
