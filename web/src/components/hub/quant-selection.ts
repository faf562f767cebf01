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

/** A split quantization a download of the selection would leave parts of out. */
export interface PartlySelectedSplit {
  name: string;
  parts: number;
  /** Parts neither selected nor on disk. */
  missing: number;
}

/**
 * The split quantizations (`…-00001-of-00003.gguf`) of which some parts are selected while others are neither
 * selected nor on disk (`onDisk`: the installed copy's files at the page's commit): llama.cpp (and Ollama, LM
 * Studio) load a split model only with every part, so such a download is of no use as it is. The picker says
 * so (a selection ticked by hand; picking a quantization takes every part).
 */
export function partlySelectedSplits(
  gguf: GgufView,
  selected: ReadonlySet<string>,
  onDisk: ReadonlySet<string>,
): PartlySelectedSplit[] {
  return gguf.quants
    .filter((quant) => quant.files.length > 1 && quant.files.some((path) => selected.has(path)))
    .map((quant) => ({
      name: quant.name,
      parts: quant.files.length,
      missing: quant.files.filter((path) => !selected.has(path) && !onDisk.has(path)).length,
    }))
    .filter((split) => split.missing > 0);
}
