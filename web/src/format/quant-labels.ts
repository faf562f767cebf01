/** How the UI names the GGUF quantizations a model holds on disk (InstalledModel.quants) or downloads. */
import type { JobView } from '../../../src/api-types.js';
import { isQuantName, quantOfFile } from '../../../src/catalog/gguf-quants.js';

/** `Q4_K_M`, `Q4_K_M and Q6_K`, `Q2_K, Q4_K_M and Q6_K`. */
export function quantListLabel(quants: readonly string[]): string {
  if (quants.length <= 1) return quants[0] ?? '';
  return `${quants.slice(0, -1).join(', ')} and ${quants.at(-1)}`;
}

/** `with its quantization Q4_K_M`, `with its quantizations Q4_K_M and Q6_K`; empty without any. */
export function withQuantsLabel(quants: readonly string[]): string {
  if (quants.length === 0) return '';
  return `with its quantization${quants.length === 1 ? '' : 's'} ${quantListLabel(quants)}`;
}

/** `Repo-GGUF Q6_K` → [`Repo-GGUF`, `Q6_K`]; null when the name does not end with a quantization. */
export function splitQuantName(name: string): [string, string] | null {
  const match = /^(.*\S)\s+(\S+)$/.exec(name);
  return match?.[1] && match[2] && isQuantName(match[2]) ? [match[1], match[2]] : null;
}

/**
 * The one quantization a download fetches: the end of its name (the model page names it `Repo-GGUF Q6_K`),
 * else the only quantization its include patterns name (exact GGUF paths); null when it is not one.
 */
export function jobQuant(job: Pick<JobView, 'name' | 'include'>): string | null {
  const named = splitQuantName(job.name)?.[1];
  if (named) return named;
  const quants = new Set(job.include.map((pattern) => quantOfFile(pattern)).filter((quant) => quant));
  return quants.size === 1 ? ([...quants][0] ?? null) : null;
}
