import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SINGLE_THREADED_GC_FLAGS } from './gc-threads.js';

const run = promisify(execFile);

describe('single-threaded GC flags', () => {
  it('can be set after start-up and the process then survives heavy allocation and every kind of collection', async () => {
    // A flag V8 refuses at run time aborts the process (exit 133, as --no-parallel-marking does): this runs
    // the same setFlagsFromString calls in a child and makes it collect young and old garbage, buffers included.
    const script = `
      const { setFlagsFromString } = require('node:v8');
      for (const flag of ${JSON.stringify(SINGLE_THREADED_GC_FLAGS)}) setFlagsFromString(flag);
      let keep = [];
      for (let round = 0; round < 40; round++) {
        for (let i = 0; i < 2000; i++) keep.push({ i, buffer: Buffer.allocUnsafe(16 * 1024), text: 'x'.repeat(64) });
        if (keep.length > 20000) keep = keep.slice(10000);
        if (round % 10 === 0) { gc({ type: 'minor' }); gc(); }
      }
      console.log('ok', keep.length);
    `;
    const { stdout } = await run(process.execPath, ['--expose-gc', '-e', script], { timeout: 60_000 });
    expect(stdout).toMatch(/^ok \d+/);
  });
});
