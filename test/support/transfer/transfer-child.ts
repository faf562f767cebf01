/**
 * Test-only child process: runs one transferFile from argv (JSON) and prints each written byte count,
 * so a test can SIGKILL it mid-transfer and check what a second run re-fetches.
 */
import { transferFile } from '../../../src/transfer/transfer-file.js';
import type { ExpectedContent } from '../../../src/transfer/types.js';

interface ChildArgs {
  url: string;
  expected: ExpectedContent;
  tempPath: string;
  resumeMapPath: string;
  connections: number;
  resumeMapIntervalMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
let written = 0;
await transferFile({
  path: 'crash.bin',
  resolveUrl: async () => ({ url: args.url, headers: {} }),
  expected: args.expected,
  tempPath: args.tempPath,
  resumeMapPath: args.resumeMapPath,
  connections: args.connections,
  tuning: { minSegmentBytes: 64 * 1024, resumeMapIntervalMs: args.resumeMapIntervalMs },
  onBytes: (bytes) => {
    written += bytes;
    process.stdout.write(`${written}\n`);
  },
});
process.stdout.write('done\n');
