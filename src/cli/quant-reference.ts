/**
 * `hubget download org/name:Q4_K_M`: the files of that GGUF quantization at the revision — its file or
 * split shards, the default mmproj projector, the small non-weight files — by the one rule in
 * src/catalog/gguf-quants.ts. An unknown quantization fails with the list of those that exist.
 */
import { join } from 'node:path';
import { selectQuantFiles } from '../catalog/index.js';
import { shellWord } from '../format/shell-word.js';
import type { HubCallOptions, HubConfig, RepoRef } from '../hub/index.js';
import { resolveSnapshot } from '../hub/index.js';

export interface QuantFiles {
  /** Every file to download. */
  paths: string[];
  /** The quantization's name as the repo's files spell it (`Q4_K_M`). */
  name: string;
  /** The file to load (llama.cpp `-m`): the quantization's file, or the first of its split parts. */
  modelFile: string;
  /** Number of split parts (1 when not split). */
  parts: number;
}

export async function quantFiles(
  hub: HubConfig,
  repo: RepoRef,
  revision: string | undefined,
  quant: string,
  hubCall: HubCallOptions = {},
): Promise<QuantFiles> {
  const snapshot = await resolveSnapshot({ ...hubCall, hub, repo, revision: revision ?? 'main' });
  const selection = selectQuantFiles(snapshot.files, quant, 'default', repo.repoId);
  // The quantization's files are sorted: a split one's `-00001-of-0000N` part comes first.
  return {
    paths: selection.paths,
    name: selection.quant.name,
    modelFile: selection.quant.files[0]!,
    parts: selection.quant.files.length,
  };
}

/**
 * The stderr line after a `:QUANT` download, before the path on stdout (the snapshot folder, which may hold
 * other quantizations and the projector): the file to point llama.cpp at. `Model file (Q4_K_M): /…/x.gguf`;
 * `Model file (Q6_K, first of 2 parts; llama.cpp loads the rest beside it): /…/x-00001-of-00002.gguf`.
 */
export function modelFileLine(
  quant: Omit<QuantFiles, 'paths'>,
  resultPath: string,
  filesAsked: number,
): string {
  const what =
    quant.parts === 1
      ? quant.name
      : `${quant.name}, first of ${quant.parts} parts; llama.cpp loads the rest beside it`;
  // One file asked for (a repo of that file alone): the result is that file's path, as with `hf download`.
  const path = filesAsked === 1 ? resultPath : join(resultPath, quant.modelFile);
  return `Model file (${what}): ${shellWord(path)}`;
}
