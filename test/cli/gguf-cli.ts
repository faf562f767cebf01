/**
 * The set-up of the CLI's GGUF tests: a test hub serving the GGUF fixture repo `org/tiny-gguf`, a fresh HF_HOME
 * (with hubget's data and models folders inside it), both gone after the file's tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv } from './run-cli.js';

export interface GgufCli {
  hub: TestHub;
  gguf: TestRepo;
  hfHome: string;
  /** hubget's data folder (its server's store), inside HF_HOME. */
  dataDir: string;
  /** The environment a CLI run gets: the hub, HF_HOME, the models and data folders. */
  env(): NodeJS.ProcessEnv;
  /** The fixture repo's snapshot folder in the cache. */
  snapshot(): string;
}

/** Registers the file's beforeAll / afterAll; the fields are set once beforeAll ran. */
export function ggufCliFixture(tempPrefix: string): GgufCli {
  const cli = {
    env: () =>
      cliEnv(cli.hub.url, cli.hfHome, {
        HUBGET_MODELS_DIR: join(cli.hfHome, 'models'),
        HUBGET_DATA_DIR: cli.dataDir,
      }),
    snapshot: () => join(cli.hfHome, 'hub', 'models--org--tiny-gguf', 'snapshots', cli.gguf.commit),
  } as GgufCli;
  beforeAll(async () => {
    cli.hub = await startTestHub();
    cli.gguf = await cli.hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
    cli.hfHome = await mkdtemp(join(tmpdir(), tempPrefix));
    cli.dataDir = join(cli.hfHome, 'hubget-data');
  }, 60_000);
  afterAll(async () => {
    await cli.hub.close();
    await rm(cli.hfHome, { recursive: true, force: true });
  });
  return cli;
}
