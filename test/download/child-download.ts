/**
 * Child process for the kill -9 test: downloads one repo into a cache dir and prints every progress event
 * as a JSON line, until the parent kills it. Usage: node --import tsx child-download.ts <json args>
 */
import { downloadModel } from '../../src/transfer/download-model.js';

interface ChildArgs {
  endpoint: string;
  token: string;
  repoId: string;
  cacheDir: string;
  connectionsPerFile: number;
  resumeMapIntervalMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
await downloadModel(
  {
    repo: { repoId: args.repoId, repoType: 'model' },
    hub: { endpoint: args.endpoint, token: args.token },
    cacheDir: args.cacheDir,
  },
  {
    connectionsPerFile: args.connectionsPerFile,
    progressIntervalMs: 50,
    transfer: {
      tuning: {
        resumeMapIntervalMs: args.resumeMapIntervalMs,
        minSegmentBytes: 64 * 1024,
        maxSegmentBytes: 256 * 1024,
      },
    },
    onEvent: (event) => {
      if (event.type === 'progress')
        process.stdout.write(`${JSON.stringify({ downloaded: event.downloaded })}\n`);
    },
  },
);
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
