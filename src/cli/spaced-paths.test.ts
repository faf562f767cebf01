/**
 * A path with a space in what the CLI says (src/format/shell-word.ts): in single quotes, as `ls` prints such a name
 * on a terminal, one word to the eye and to a shell it is pasted into, never broken at its space by hubget's own
 * wrapping; a path without one as it is; `--json` raw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedRepo, ttyIo } from '../../test/support/cli/ls-cache.js';
import { copyPlacesWords } from '../format/copy-places.js';
import { resultPathLine } from './cli-io.js';
import { runLs } from './ls-run.js';
import { runRm } from './rm-run.js';

let dir: string;
let cacheDir: string;
let repoDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-spaced-'));
  cacheDir = join(dir, 'my models', 'hub');
  repoDir = join(cacheDir, 'models--org--model');
  await cachedRepo(cacheDir, 'org/model', 0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lsAt = async (columns: number | undefined, json = false) => {
  const { io, lines } = ttyIo(columns);
  const options = { cacheDir, modelsDir: join(dir, 'models'), dataDir: join(dir, 'no-server'), json };
  expect(await runLs(options, io)).toBe(0);
  return lines();
};

describe('a path with a space in what the CLI says', () => {
  it('is quoted in `hubget ls`, whole on one line at every width, and raw in --json', async () => {
    const quoted = `'${repoDir}'`;
    for (const columns of [40, 60, 120, undefined]) {
      const lines = await lsAt(columns);
      // In its column (a wide terminal, piped) or on a line of its own below its row: quoted, never broken.
      expect(
        lines.some((line) => line.endsWith(`  ${quoted}`)),
        `${columns}:\n${lines.join('\n')}`,
      ).toBe(true);
    }
    const [model] = (await lsAt(undefined, true)).map((line) => JSON.parse(line) as { path: string });
    expect(model?.path).toBe(repoDir);
  });

  it('is quoted in the paths `hubget rm --dry-run` lists', async () => {
    const { io, lines } = ttyIo(undefined);
    const selection = { repo: { repoId: 'org/model', repoType: 'model' as const } };
    const options = { repoType: 'model' as const, cacheDir, dataDir: join(dir, 'no-server'), dryRun: true };
    expect(await runRm(selection, options, io)).toBe(0);
    expect(lines()).toEqual([
      'Would delete org/model (1 revision, whole repo): frees 1.00 kB',
      `  '${repoDir}'`,
    ]);
  });

  it('says "Nothing installed in" the folders quoted, no period after them', async () => {
    await rm(repoDir, { recursive: true });
    const { io } = ttyIo(undefined);
    let said = '';
    io.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
    });
    const modelsDir = join(dir, 'my models', 'local');
    expect(await runLs({ cacheDir, modelsDir, dataDir: join(dir, 'no-server') }, io)).toBe(0);
    expect(said).toBe(`Nothing installed in '${cacheDir}' or '${modelsDir}'\n`);
  });

  it("is quoted as the download's last line on a terminal, raw when piped (`MODEL=$(hubget download …)`)", () => {
    const path = '/m/my models/org-a';
    expect(resultPathLine(ttyIo(80).io, path)).toBe(`'${path}'`);
    expect(resultPathLine(ttyIo(undefined).io, path)).toBe(path);
    expect(resultPathLine(ttyIo(80).io, '/m/models/org-a')).toBe('/m/models/org-a');
  });

  it('is quoted where the plan and summary name the local dirs copied from', () => {
    expect(copyPlacesWords([{ from: 'local-dir', dir: '/m/my model' }])).toBe("the local dir '/m/my model'");
    expect(
      copyPlacesWords([
        { from: 'local-dir', dir: '/m/my model' },
        { from: 'local-dir', dir: '/m/b' },
      ]),
    ).toBe("2 local dirs ('/m/my model'; /m/b)");
  });
});
