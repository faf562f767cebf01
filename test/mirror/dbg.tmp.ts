import { startMirror } from './mirror-harness.js';
import { createClientNamespaces } from './netns.js';
import { jsClient } from './run-client.js';

const ns = await createClientNamespaces(3);
try {
  const m = await startMirror({ host: ns.hostIp });
  await m.hub.addRepo({
    repoId: 'org/mirrored',
    files: [
      { path: 'config.json', content: '{"model_type":"llama"}\n' },
      { path: 'model.safetensors', size: 6_000_000 },
      { path: 'nested/tokenizer.json', content: '{"t":1}' },
      { path: 'nested/extra.bin', size: 1_500_000 },
    ],
  });
  const t = setInterval(async () => {
    const s = await (
      await fetch(`${m.server.url}/api/mirror`, {
        headers: { authorization: 'Bearer mirror-test-api-token' },
      })
    ).json();
    console.log(JSON.stringify(s).slice(0, 600));
    console.log(
      m.server.jobs
        .list()
        .map((j) => `${j.name} ${j.state} ${j.downloaded}/${j.total} ${j.error?.message ?? ''}`),
    );
  }, 3000);
  const r = await Promise.all(
    ns.names.map((n, i) =>
      jsClient(n, { kind: 'snapshot', hubUrl: m.mirrorUrl, repo: 'org/mirrored', cacheDir: `/tmp/dbgw${i}` }),
    ),
  );
  console.log(r);
  clearInterval(t);
  console.log('served', m.hub.bytesServed());
  await m.close();
} finally {
  await ns.cleanup();
}
