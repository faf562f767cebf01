import { mkdtemp, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foreignPrefixBytes, removeForeignPartials } from './foreign-partials.js';

const BLOB = 'a'.repeat(64);
const EXPECTED = { size: 1_000_000, algorithm: 'sha256' as const, hex: BLOB };
const LONG_AGO = new Date(Date.now() - 5 * 60_000);

let dir: string;
let prefix: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-foreign-'));
  prefix = join(dir, BLOB);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: number, at = LONG_AGO): Promise<void> {
  await writeFile(join(dir, name), Buffer.alloc(bytes, 1));
  await utimes(join(dir, name), at, at);
}

describe('foreignPrefixBytes', () => {
  it('counts an idle appended file, not one written within the window, nor one longer than the file', async () => {
    await file(`${BLOB}.incomplete`, 300_000);
    expect(await foreignPrefixBytes(prefix, EXPECTED)).toBe(300_000);
    await utimes(join(dir, `${BLOB}.incomplete`), new Date(), new Date());
    expect(await foreignPrefixBytes(prefix, EXPECTED)).toBe(0);
    await file(`${BLOB}.incomplete`, 1_000_001);
    expect(await foreignPrefixBytes(prefix, EXPECTED)).toBe(0);
  });

  it('does not count a file with holes (written at offsets, not appended)', async () => {
    const path = join(dir, `${BLOB}.incomplete`);
    await writeFile(path, Buffer.alloc(4096, 1));
    await truncate(path, 900_000);
    await utimes(path, LONG_AGO, LONG_AGO);
    expect(await foreignPrefixBytes(prefix, EXPECTED)).toBe(0);
  });
});

describe('removeForeignPartials', () => {
  it("deletes other programs' idle temp files of the prefix, and keeps resumable, recent and other files", async () => {
    await file(`${BLOB}.incomplete`, 10);
    await file(`${BLOB}.0badcafe.incomplete`, 10);
    await file(`${BLOB}.1badcafe.incomplete`, 10);
    await file(`${BLOB}.1badcafe.incomplete.hubget-ranges`, 10);
    await file(`${BLOB}.2badcafe.incomplete`, 10, new Date());
    await file(`${'b'.repeat(64)}.incomplete`, 10);
    await removeForeignPartials(prefix);
    expect((await readdir(dir)).sort()).toEqual(
      [
        `${BLOB}.1badcafe.incomplete`,
        `${BLOB}.1badcafe.incomplete.hubget-ranges`,
        `${BLOB}.2badcafe.incomplete`,
        `${'b'.repeat(64)}.incomplete`,
      ].sort(),
    );
  });
});
