/**
 * The service's live settings and what they drive: the stored settings, the token (its 0600 file), the
 * Hub config runs read at every Hub call, the global rate limiter and the shared connection budget. An
 * update is validated as a whole, persisted, then applied to what already runs (docs/jobs.md, Settings).
 */
import { tmpdir } from 'node:os';
import type { HfTokenSource, Settings, SettingsUpdate } from '../api-types.js';
import {
  DEFAULT_CONNECTION_BUDGET,
  DEFAULT_INITIAL_CONNECTIONS,
  MAX_CONNECTION_BUDGET,
} from '../defaults.js';
import type { HubConfig } from '../hub/types.js';
import { deleteTokenFile, readTokenFile, writeTokenFile } from '../store/token-file.js';
import { createConnectionBudget } from '../transfer/connection-budget.js';
import { createRateLimiter } from '../transfer/rate-limiter.js';
import type { ByteRateLimiter, ConnectionBudget } from '../transfer/types.js';
import type { JobServiceOptions } from './job-service-options.js';
import {
  applySettingsUpdate,
  defaultSettings,
  loadSettings,
  normalizeEndpoint,
  type StoredSettings,
  validateToken,
} from './settings.js';

/** Range connections shared by all jobs: max(DEFAULT_CONNECTION_BUDGET, initial connections × maxParallel), at most 64. */
function budgetLimit(maxParallel: number): number {
  return Math.min(
    MAX_CONNECTION_BUDGET,
    Math.max(DEFAULT_CONNECTION_BUDGET, DEFAULT_INITIAL_CONNECTIONS * maxParallel),
  );
}

export class JobSettingsState {
  readonly #options: JobServiceOptions;
  readonly globalLimiter: ByteRateLimiter;
  readonly budget: ConnectionBudget;
  #settings: StoredSettings;
  #storedToken: string | undefined;

  constructor(options: JobServiceOptions) {
    this.#options = options;
    this.#settings = loadSettings(
      options.store.listSettings(),
      defaultSettings({
        endpoint: normalizeEndpoint(options.hubDefaults.endpoint),
        progressDir: options.progressDir ?? tmpdir(),
      }),
    );
    this.#storedToken = readTokenFile(options.dataDir);
    this.globalLimiter = createRateLimiter(this.#settings.bandwidthLimit);
    this.budget = options.connectionBudget ?? createConnectionBudget(budgetLimit(this.#settings.maxParallel));
  }

  get current(): StoredSettings {
    return this.#settings;
  }

  /** The folder progress files go in (the setting); null when the service writes none (`progressFiles: false`). */
  progressDir(): string | null {
    return this.#options.progressFiles === false ? null : this.#settings.progressDir;
  }

  /** The stored token, else the one from flags/env. */
  token(): string | undefined {
    return this.#storedToken ?? this.#options.hubDefaults.token;
  }

  /** Where the token in effect comes from: the stored one, else the server's own (hubDefaults.tokenOrigin). */
  tokenSource(): HfTokenSource | null {
    if (this.#storedToken !== undefined) return { kind: 'settings' };
    return this.#options.hubDefaults.tokenOrigin ?? null;
  }

  view(): Settings {
    const source = this.tokenSource();
    return { ...this.#settings, hfTokenSet: source !== null, hfTokenSource: source };
  }

  hubConfig(): HubConfig {
    const token = this.token();
    return {
      endpoint: this.#settings.endpoint,
      ...(token === undefined ? {} : { token }),
      ...(this.#options.hubDefaults.userAgent ? { userAgent: this.#options.hubDefaults.userAgent } : {}),
      ...(this.#options.hubDefaults.offline === true ? { offline: true } : {}),
    };
  }

  /** Validates, persists and applies an update (limiter and budget at once); returns the previous settings. */
  update(update: SettingsUpdate): StoredSettings {
    const next = applySettingsUpdate(this.#settings, update);
    if (update.hfToken !== undefined) {
      const token = validateToken(update.hfToken);
      if (token === null) deleteTokenFile(this.#options.dataDir);
      else writeTokenFile(this.#options.dataDir, token);
      this.#storedToken = token ?? undefined;
    }
    const previous = this.#settings;
    this.#settings = next;
    for (const key of Object.keys(next) as (keyof StoredSettings)[]) {
      if (next[key] !== previous[key]) this.#options.store.setSetting(key, next[key]);
    }
    if (next.bandwidthLimit !== previous.bandwidthLimit) this.globalLimiter.setRate(next.bandwidthLimit);
    if (next.maxParallel !== previous.maxParallel && !this.#options.connectionBudget) {
      this.budget.setLimit(budgetLimit(next.maxParallel));
    }
    return previous;
  }
}
