/**
 * Builds the web UI into dist/web when it is missing or older than any file under web/ or src/ (so the browser
 * tests always drive the current UI, without rebuilding on every run). src/ counts whole: the UI imports its
 * wording, formats and types from some thirty files there (src/format/, src/hub/, src/api-types.ts, …), and a
 * change to one of them alone left the tests driving a stale build. A change to engine code the UI does not
 * import rebuilds it once too (a few seconds), which is cheaper than keeping that list by hand.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_DIST = join(REPO_ROOT, 'dist', 'web');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureUiBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtimeMs(join(REPO_ROOT, 'web')), newestMtimeMs(join(REPO_ROOT, 'src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    join(REPO_ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
}
