/**
 * The GGUF quantization rule (one place for it): which quantizations a repo offers, read from its file
 * names, and which files a download of one quantization needs.
 *
 * - A quantization name is the last `-` / `.`-separated token of a `.gguf` file name that looks like one
 *   (Q2_K … Q8_0, IQ*, TQ*, F16, F32, BF16, MXFP4, optionally prefixed `UD-`), or, when the file name has
 *   none, the nearest folder named like one (`Q4_K_M/model-00001-of-00002.gguf`). Case-insensitive; shown
 *   in upper case.
 * - Split shards (`…-00001-of-00003.gguf`) belong to the same quantization; their sizes are summed.
 * - `mmproj*` files are vision projectors, offered separately (on by default), never a quantization.
 * - A download of a quantization takes its file(s), the chosen mmproj, and the small non-weight files
 *   (README, config, tokenizer: src/catalog/file-groups.ts, at most SMALL_FILE_MAX_BYTES each; not the
 *   importance matrix the quantizations were made with), never another quantization.
 */
import { HubgetError } from '../errors.js';
import { isWeightFile } from './file-groups.js';

export interface RepoFileLike {
  path: string;
  size: number;
}

export interface GgufQuant {
  /** Upper case, e.g. `Q4_K_M`, `UD-Q4_K_XL`, `BF16`. */
  name: string;
  /** Every file of the quantization (all shards), sorted. */
  files: string[];
  totalBytes: number;
  /** Number of split shards (1 when not split). */
  shards: number;
}

export interface MmprojFile {
  path: string;
  size: number;
}

export interface GgufListing {
  quants: GgufQuant[];
  mmproj: MmprojFile[];
  /** The quantization to preselect: Q4_K_M when present (see defaultQuant). */
  defaultQuant: string | null;
  /** The mmproj file offered by default (see defaultMmproj). */
  defaultMmproj: string | null;
}

/** Non-weight files up to this size come along with a quantization (README, config, tokenizer, template). */
const SMALL_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** The quantization preselected when a repo has it (what Ollama and LM Studio default to). */
const PREFERRED_QUANT = 'Q4_K_M';

const QUANT = '(?:UD-)?(?:(?:I?Q|TQ)\\d(?:_[A-Z0-9]+)*|BF16|FP16|F16|F32|MXFP4(?:_MOE)?)';
const QUANT_AT_END = new RegExp(`(?:^|[-._])(${QUANT})$`, 'i');
const QUANT_WHOLE = new RegExp(`^${QUANT}$`, 'i');
const SHARD = /-(\d{5})-of-(\d{5})$/i;

/** Whether `text` is a quantization name as this rule reads them (`Q4_K_M`, `IQ4_XS`, `UD-Q2_K_XL`, `F16`). */
export function isQuantName(text: string): boolean {
  return QUANT_WHOLE.test(text);
}

/**
 * A quantization name as the rule's listings spell it (upper case, as typed without spaces): how a name a user
 * typed (`:q4_k_m`) is compared with them.
 */
export function quantKey(name: string): string {
  return name.trim().toUpperCase();
}

function isGgufFile(path: string): boolean {
  return path.toLowerCase().endsWith('.gguf');
}

function isMmprojFile(path: string): boolean {
  return isGgufFile(path) && /(^|[-_.])mmproj/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/** The quantization a GGUF file belongs to, or undefined when its name and folders name none. */
export function quantOfFile(path: string): string | undefined {
  if (!isGgufFile(path) || isMmprojFile(path)) return undefined;
  const segments = path.split('/');
  const stem = segments
    .pop()!
    .replace(/\.gguf$/i, '')
    .replace(SHARD, '');
  const fromName = QUANT_AT_END.exec(stem)?.[1];
  if (fromName) return fromName.toUpperCase();
  for (const folder of segments.reverse()) if (QUANT_WHOLE.test(folder)) return folder.toUpperCase();
  return undefined;
}

function defaultQuant(quants: GgufQuant[]): string | null {
  if (quants.length === 0) return null;
  const preferred = quants.find((quant) => quant.name === PREFERRED_QUANT);
  if (preferred) return preferred.name;
  const q4 = quants.find((quant) => /^(UD-)?Q4_K/.test(quant.name));
  return (q4 ?? quants[0]!).name;
}

/** F16 when offered (llama.cpp's usual projector), else the first one by name. */
function defaultMmproj(mmproj: MmprojFile[]): string | null {
  const f16 = mmproj.find((file) => /f16/i.test(file.path) && !/bf16/i.test(file.path));
  return (f16 ?? mmproj[0])?.path ?? null;
}

/** Quantizations (smallest first), mmproj files and defaults of a repo listing. */
export function listGgufQuants(files: readonly RepoFileLike[]): GgufListing {
  const byName = new Map<string, GgufQuant>();
  const mmproj: MmprojFile[] = [];
  for (const file of files) {
    if (isMmprojFile(file.path)) {
      mmproj.push({ path: file.path, size: file.size });
      continue;
    }
    const name = quantOfFile(file.path);
    if (!name) continue;
    const quant = byName.get(name) ?? { name, files: [], totalBytes: 0, shards: 0 };
    quant.files.push(file.path);
    quant.totalBytes += file.size;
    quant.shards += 1;
    byName.set(name, quant);
  }
  const quants = [...byName.values()]
    .map((quant) => ({ ...quant, files: quant.files.sort() }))
    .sort((a, b) => a.totalBytes - b.totalBytes || a.name.localeCompare(b.name));
  mmproj.sort((a, b) => a.path.localeCompare(b.path));
  return { quants, mmproj, defaultQuant: defaultQuant(quants), defaultMmproj: defaultMmproj(mmproj) };
}

/**
 * Whether every split shard of `quant` is among its files: each `…-0000i-of-0000N` set holds all N parts
 * (a file that is not split is whole by itself).
 */
function hasEveryShard(quant: GgufQuant): boolean {
  const partsBySet = new Map<string, { total: number; parts: Set<number> }>();
  for (const path of quant.files) {
    const stem = path.replace(/\.gguf$/i, '');
    const match = SHARD.exec(stem);
    if (!match) continue;
    const set = `${stem.slice(0, match.index)}/${match[2]}`;
    const entry = partsBySet.get(set) ?? { total: Number(match[2]), parts: new Set<number>() };
    entry.parts.add(Number(match[1]));
    partsBySet.set(set, entry);
  }
  return [...partsBySet.values()].every(({ total, parts }) => parts.size === total);
}

/**
 * The names of the quantizations `files` hold whole (smallest first): what of a GGUF repo is on disk. A split
 * quantization with a shard missing (`…-00002-of-00003.gguf` not on disk) is not one of them.
 */
export function quantNames(files: readonly RepoFileLike[]): string[] {
  return listGgufQuants(files)
    .quants.filter(hasEveryShard)
    .map((quant) => quant.name);
}

/**
 * An importance matrix (bartowski's `Model.imatrix`, `imatrix.dat`, unsloth's `imatrix_unsloth.dat`): the
 * statistics the quantizations were made with, which running one never reads.
 */
function isImatrixFile(path: string): boolean {
  return /imatrix/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Non-weight files small enough to come along with any quantization (not an importance matrix). */
export function smallCompanionFiles(files: readonly RepoFileLike[]): string[] {
  return files
    .filter(
      (file) => !isWeightFile(file.path) && !isImatrixFile(file.path) && file.size <= SMALL_FILE_MAX_BYTES,
    )
    .map((file) => file.path);
}

export interface QuantSelection {
  quant: GgufQuant;
  /** Every path to download, in the listing's order: the quantization's files, the mmproj chosen, the small files. */
  paths: string[];
  totalBytes: number;
}

/**
 * The files of quantization `name` (case-insensitive). `mmproj`: paths to include, `'default'` (the
 * default projector when the repo has one) or `'none'`. An unknown name throws INVALID_ARGUMENT listing
 * the quantizations that exist.
 */
export function selectQuantFiles(
  files: readonly RepoFileLike[],
  name: string,
  mmproj: readonly string[] | 'default' | 'none' = 'default',
  repoId = 'the repository',
): QuantSelection {
  const listing = listGgufQuants(files);
  const quant = listing.quants.find((candidate) => candidate.name === quantKey(name));
  if (!quant) {
    const available = listing.quants.map((candidate) => candidate.name).join(', ');
    throw new HubgetError(
      'INVALID_ARGUMENT',
      available
        ? `No quantization "${name}" in ${repoId}; available: ${available}`
        : `${repoId} has no GGUF quantizations; download it without ":${name}"`,
      { details: { quant: name, available: listing.quants.map((candidate) => candidate.name) } },
    );
  }
  const projectors =
    mmproj === 'none'
      ? []
      : mmproj === 'default'
        ? listing.defaultMmproj === null
          ? []
          : [listing.defaultMmproj]
        : listing.mmproj.filter((file) => mmproj.includes(file.path)).map((file) => file.path);
  // In the listing's order, as a download of the whole repo lists them (the plan keeps the order it is given).
  const chosen = new Set([...quant.files, ...projectors, ...smallCompanionFiles(files)]);
  const paths = [...new Set(files.map((file) => file.path).filter((path) => chosen.has(path)))];
  const sizes = new Map(files.map((file) => [file.path, file.size]));
  const totalBytes = paths.reduce((sum, path) => sum + (sizes.get(path) ?? 0), 0);
  return { quant, paths, totalBytes };
}

export interface QuantReference {
  repoId: string;
  quant?: string;
}

/**
 * `org/name:Q4_K_M` → repo id and quantization (the Ollama / llama.cpp convention); no `:` → no quant. A `:`
 * with nothing after it (`org/name:`) is refused (INVALID_ARGUMENT): most likely a quantization left out,
 * and taking the whole repository instead would download every quantization.
 */
export function splitQuantSuffix(reference: string): QuantReference {
  const colon = reference.lastIndexOf(':');
  // A quantization ends the last path segment: the `:` of a URL's scheme or port comes before a `/`.
  if (colon <= 0 || colon < reference.lastIndexOf('/')) return { repoId: reference };
  const repoId = reference.slice(0, colon);
  const quant = reference.slice(colon + 1).trim();
  if (quant === '') {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `No quantization after ":" in ${JSON.stringify(reference)}: name one (${repoId}:Q4_K_M), ` +
        `or drop the ":" for the whole repository`,
      { details: { reference } },
    );
  }
  return { repoId, quant };
}
