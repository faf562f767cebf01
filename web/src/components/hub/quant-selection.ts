/**
 * The GGUF quantization picker and the file list share one selection: the set of selected paths. The
 * picker's marked quantization and its projector boxes are read from that set, never kept beside it, so
 * they cannot disagree with the files below (after "Select none", or a quantization's file ticked by hand).
 */
import type { GgufView } from '../../../../src/api-types.js';

/** The paths a quantization download fetches: its files, the chosen projectors, the small files. */
export function quantDownloadPaths(gguf: GgufView, quantName: string, mmproj: readonly string[]): string[] {
  const quant = gguf.quants.find((candidate) => candidate.name === quantName);
  if (!quant) return [];
  return [...new Set([...quant.files, ...mmproj, ...gguf.smallFiles])].sort();
}

/**
 * The quantization the selection downloads: every file of exactly one quantization selected, and no file
 * of another. Null for none, several, or part of one (a "custom" selection). Projectors and small files
 * do not decide it.
 */
export function quantOfSelection(gguf: GgufView, selected: ReadonlySet<string>): string | null {
  const touched = gguf.quants.filter((quant) => quant.files.some((path) => selected.has(path)));
  const [only] = touched;
  if (touched.length !== 1 || !only) return null;
  return only.files.every((path) => selected.has(path)) ? only.name : null;
}

/** The projectors (mmproj files) in the selection, in the order the repo lists them. */
export function projectorsOfSelection(gguf: GgufView, selected: ReadonlySet<string>): string[] {
  return gguf.mmproj.map((file) => file.path).filter((path) => selected.has(path));
}
