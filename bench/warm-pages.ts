/**
 * Before the rounds of a case with a large file: that many bytes written into a file and deleted, so that the case's
 * first run (always hubget's: the rounds are interleaved hubget, aria2c, curl) writes into page-cache pages the guest
 * holds, as every later run does (each deletes its output before the next). On this machine free memory goes back
 * to the host within seconds, and a page the host must fault in again costs the writer several times a warm one
 * (docs/benchmark.md, "Fresh pages"): the first run of a large case came out slowest, hubget's, in run after run.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Cases smaller than this write too little for fresh pages to show. */
export const WARM_PAGES_MIN_BYTES = 64 * 1024 * 1024;

/**
 * At most this much: what the guest holds back unreported is about that (a 1 GiB download showed no difference
 * after 15 s of idling, docs/benchmark.md); the 4 GiB memory case pays for fresh pages in any run, for every tool.
 */
export const WARM_PAGES_MAX_BYTES = 1024 * 1024 * 1024;

const BLOCK = Buffer.alloc(1024 * 1024, 1);

export function warmPages(dir: string, caseBytes: number): void {
  if (caseBytes < WARM_PAGES_MIN_BYTES) return;
  const bytes = Math.min(caseBytes, WARM_PAGES_MAX_BYTES);
  const path = join(dir, 'warm-pages.bin');
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += BLOCK.length) writeSync(fd, BLOCK, 0, BLOCK.length);
  } finally {
    closeSync(fd);
    unlinkSync(path);
  }
}
