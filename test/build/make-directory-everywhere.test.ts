/**
 * Every folder hubget creates goes through src/make-directory.ts: Node's own recursive mkdir never returns
 * under a dangling symlink or /proc (a 100 % CPU spin), so a new `mkdir(…, { recursive: true })` in the
 * shipped code would bring that hang back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

it('no shipped module but make-directory.ts calls mkdir or mkdirSync', () => {
  const offenders = sourcesUnder('src')
    .filter((file) => file !== 'src/make-directory.ts')
    .filter((file) => /\bmkdir(Sync)?\s*\(/.test(readFileSync(join(ROOT, file), 'utf8')));
  expect(offenders).toEqual([]);
});
