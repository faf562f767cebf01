/**
 * `--cache-dir`, as download, ls and rm take it: where the Hub cache is by default, in huggingface_hub's order
 * (src/hub/hf-locations.ts, docs/hub-protocol.md §3.1).
 */
export const CACHE_DIR_FLAGS = '--cache-dir <dir>';
export const CACHE_DIR_HELP =
  'Hub cache folder (default: HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub)';
