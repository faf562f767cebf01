/**
 * One mirror client, run inside a network namespace by the tests (`ip netns exec NS node --import tsx
 * test/mirror/netns-client.ts '<json>'`): `@huggingface/hub`'s snapshotDownload or downloadFileToCacheDir.
 * Prints the result path on success; on failure the error message on stderr and exit code 1.
 */
import { downloadFileToCacheDir, snapshotDownload } from '@huggingface/hub';

interface ClientArgs {
  kind: 'snapshot' | 'file';
  hubUrl: string;
  repo: string;
  cacheDir: string;
  revision?: string;
  path?: string;
  accessToken?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ClientArgs;
console.debug = () => undefined;
const common = {
  repo: args.repo,
  hubUrl: args.hubUrl,
  cacheDir: args.cacheDir,
  ...(args.revision ? { revision: args.revision } : {}),
  ...(args.accessToken ? { accessToken: args.accessToken } : {}),
};
try {
  const result =
    args.kind === 'snapshot'
      ? await snapshotDownload(common)
      : await downloadFileToCacheDir({ ...common, path: args.path ?? '' });
  process.stdout.write(`${result}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
