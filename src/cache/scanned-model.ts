/**
 * What a scan of the disk tells of one installed repo (the cache scan, the local-dir scan, `hubget ls`):
 * everything of an InstalledModel but the check of hubget's latest download plan, which needs the jobs
 * (the server adds it: src/server/models-source.ts).
 */
import type { InstalledModel } from '../api-types.js';

export type ScannedModel = Omit<InstalledModel, 'plan'>;
