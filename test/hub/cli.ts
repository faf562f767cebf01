/**
 * Run the test hub standalone for manual use:
 *   node --import tsx test/hub/cli.ts --port 8999 --repo org/name:1G --repo org/small:10M,3 --token hf_test
 * `--repo id:SIZE[,COUNT]` adds COUNT (default 1) generated files of SIZE (K/M/G suffixes, binary);
 * `--file id:path=/abs/file` serves a file from disk; `--gguf id` adds the GGUF fixture repo (gguf-fixtures.ts). Faults: `--faults '{"perStreamBytesPerSecond":{"bytesPerSecond":20000000}}'`.
 */
import { parseArgs } from 'node:util';
import { ggufRepoSpec } from './gguf-fixtures.js';
import { startTestHub, type TestFileSpec } from './test-hub.js';

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text);
  if (!match) throw new Error(`bad size ${text}`);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[
    match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'
  ];
  return Math.round(Number(match[1]) * unit);
}

const USAGE = `Usage: node --import tsx test/hub/cli.ts [options]
  --port N               hub port (default 0: any free one)
  --cdn-port N           CDN port for LFS redirects (default 0)
  --repo id:SIZE[,COUNT] add COUNT (default 1) generated files of SIZE (K/M/G suffixes, binary); repeatable
  --file id:path=/abs    serve a file from disk; repeatable
  --gguf id              add the GGUF fixture repo; repeatable
  --token T              the token the hub accepts (default hf_test)
  --page-size N          tree listing page size (default 1000)
  --faults JSON          faults, e.g. '{"perStreamBytesPerSecond":{"bytesPerSecond":20000000}}'
  -h, --help             print this and exit`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'cdn-port': { type: 'string', default: '0' },
        repo: { type: 'string', multiple: true, default: [] },
        gguf: { type: 'string', multiple: true, default: [] },
        file: { type: 'string', multiple: true, default: [] },
        token: { type: 'string', default: 'hf_test' },
        'page-size': { type: 'string', default: '1000' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const { values } = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const hub = await startTestHub({
  port: Number(values.port),
  cdnPort: Number(values['cdn-port']),
  token: values.token,
  treePageSize: Number(values['page-size']),
  faults: values.faults ? JSON.parse(values.faults) : undefined,
});

const repos = new Map<string, TestFileSpec[]>();
for (const spec of values.repo) {
  const [repoId = '', sizes = '1M'] = spec.split(/:(?=[^:]*$)/);
  const [size = '1M', count = '1'] = sizes.split(',');
  const files = repos.get(repoId) ?? [{ path: 'config.json', content: '{"model_type":"test"}\n' }];
  const first = files.length;
  for (let i = 0; i < Number(count); i++) {
    files.push({ path: `model-${String(first + i).padStart(5, '0')}.bin`, size: parseSize(size) });
  }
  repos.set(repoId, files);
}
for (const spec of values.file) {
  const match = /^([^:]+):([^=]+)=(.+)$/.exec(spec);
  if (!match) throw new Error(`bad --file ${spec} (expected id:path=/abs/file)`);
  const files = repos.get(match[1]!) ?? [];
  files.push({ path: match[2]!, sourceFile: match[3]! });
  repos.set(match[1]!, files);
}
for (const [repoId, files] of repos) {
  const repo = await hub.addRepo({ repoId, files });
  console.log(
    `repo ${repoId} @ ${repo.commit}: ${repo.files.map((f) => `${f.path} (${f.size} B)`).join(', ')}`,
  );
}
for (const repoId of values.gguf) {
  const repo = await hub.addRepo(ggufRepoSpec(repoId));
  console.log(`gguf repo ${repoId} @ ${repo.commit}: ${repo.files.length} files`);
}
console.log(`HF_ENDPOINT=${hub.url}`);
console.log(`CDN ${hub.cdnUrl}`);
console.log(`token ${hub.token}`);

const stop = async () => {
  await hub.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
