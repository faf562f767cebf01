import { Option } from 'commander';
import { REPO_TYPES } from '../hub/types.js';

/**
 * `--cache-dir`, as download, search, ls, rm and verify take it: where the Hub cache is by default, in huggingface_hub's order
 * (src/hub/hf-locations.ts, docs/hub-protocol.md §3.1).
 */
export const CACHE_DIR_FLAGS = '--cache-dir <dir>';
export const CACHE_DIR_HELP =
  'Hub cache folder (default: HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub)';

/** `--models-dir`, as ls and search take it: where local-dir downloads are looked for (src/hubget-folders.ts). */
export const MODELS_DIR_FLAGS = '--models-dir <dir>';
export const MODELS_DIR_HELP = 'local-dir downloads folder (default: HUBGET_MODELS_DIR or ~/models)';

/** `--repo-type`, as download, info, rm and verify take it: which kind of repository the REPO argument names. */
export function repoTypeOption(): Option {
  return new Option('--repo-type <type>', 'type of the repository').choices([...REPO_TYPES]).default('model');
}
