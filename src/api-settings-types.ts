/** API types of the service settings (GET/PUT /api/settings, docs/api-hub-system.md); src/api-types.ts is full. */

/**
 * Where the HF token in effect comes from: `settings`, saved through PUT /api/settings (the only one that
 * `"hfToken": null` clears); otherwise the server's own, read once where it was started: an environment
 * variable, or huggingface_hub's token file (`HF_TOKEN_PATH`, else `$HF_HOME/token`; `hf auth login` writes it).
 */
export type HfTokenSource =
  | { kind: 'settings' }
  | { kind: 'env'; variable: 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN' }
  | { kind: 'file'; path: string };

export interface Settings {
  maxParallel: number;
  /** Global limit in bytes/s, 0 = none. */
  bandwidthLimit: number;
  endpoint: string;
  /** The token is never returned; whether one is in effect: the stored one, or the server's own (HF_TOKEN, token file). */
  hfTokenSet: boolean;
  /** Where the token in effect comes from; null when there is none (`hfTokenSet` false). */
  hfTokenSource: HfTokenSource | null;
  stallTimeoutMs: number;
  progressDir: string;
  defaultDestination: 'cache' | 'local';
}

/** PUT /api/settings body: every field optional; hfToken null clears the stored token. */
export interface SettingsUpdate {
  maxParallel?: number;
  bandwidthLimit?: number;
  endpoint?: string;
  hfToken?: string | null;
  stallTimeoutMs?: number;
  progressDir?: string;
  defaultDestination?: 'cache' | 'local';
}
