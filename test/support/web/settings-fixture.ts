/** A complete Settings answer (no token stored) for component tests; spread it to change a field. */
import type { Settings } from '../../../src/api-types.js';

export const settingsFixture: Settings = {
  maxParallel: 2,
  bandwidthLimit: 0,
  endpoint: 'https://huggingface.co',
  hfTokenSet: false,
  hfTokenSource: null,
  stallTimeoutMs: 30_000,
  progressDir: '/tmp/progress',
  defaultDestination: 'cache',
};
