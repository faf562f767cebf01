/** What `hubget download`'s flags hand the engine (buildDownloadOptions). */
import { describe, expect, it } from 'vitest';
import { createConnectionBudget, createRateLimiter } from '../transfer/index.js';
import { buildDownloadOptions, type DownloadCommandOptions } from './download-command.js';

const flags: DownloadCommandOptions = { repoType: 'model', maxWorkers: 8, limitRate: 0, logInterval: 5000 };
const room = { createConnectionBudget, createRateLimiter };
const optionsOf = (extra: Partial<DownloadCommandOptions>) =>
  buildDownloadOptions({ ...flags, ...extra }, new AbortController().signal, () => {}, room);

describe('buildDownloadOptions', () => {
  it('leaves the connections per file to the engine without --connections, so it names the default cap', () => {
    expect(optionsOf({}).connectionsPerFile).toBeUndefined();
    expect(optionsOf({ connections: 4 }).connectionsPerFile).toBe(4);
  });
});
