/**
 * The environment every measured tool runs in (`npm run bench`, bench/ab.ts, bench/timeline-small.ts): this
 * machine's, pointed at the test hub, without what belongs to the machine rather than to a user of the tools.
 * - A token and the HF cache variables: every tool downloads anonymously into its own fresh folder.
 * - Proxies: the test hub is on loopback (`NO_PROXY` says so too).
 * - `NODE_EXTRA_CA_CERTS`: set by this sandbox for its HTTPS proxy, not by Node or a user's usual setup. Node 20
 *   reads and parses the whole file (~140 certificates) at every start, before any script runs: `node -e 0` took
 *   0.11–0.15 s with it and 0.06–0.08 s without (five pairs, 2026-12-07), a cost hubget paid in every case and the
 *   small-files case's ≈ 1.2 s felt. No case uses TLS (the hub is plain HTTP on loopback); aria2c reads its system
 *   trust store at every start whatever the environment, curl only for a TLS connection, so their runs are as
 *   before (docs/benchmark.md, "Measuring on this machine").
 */
import { join } from 'node:path';

const MACHINE_VARIABLES = [
  'HF_TOKEN',
  'HUGGING_FACE_HUB_TOKEN',
  'HF_HUB_CACHE',
  'HF_HUB_OFFLINE',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NODE_EXTRA_CA_CERTS',
];

/** The environment of one tool's run against `hubUrl`, its HF home inside `workDir`. */
export function toolEnv(
  hubUrl: string,
  workDir: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of MACHINE_VARIABLES) {
    delete env[name];
    delete env[name.toLowerCase()];
  }
  return {
    ...env,
    ...extra,
    HF_ENDPOINT: hubUrl,
    HF_HOME: join(workDir, 'hf-home'),
    NO_PROXY: '127.0.0.1,localhost',
  };
}
