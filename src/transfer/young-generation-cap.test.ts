import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_CAP_BYTES } from './young-generation-cap.js';

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL('./young-generation-cap.ts', import.meta.url));

/** The largest young generation of a child that allocates short-lived objects fast, capping or not. */
async function largestYoungGeneration(cap: boolean): Promise<number> {
  const script = `
    import { capYoungGeneration, youngGenerationBytes } from ${JSON.stringify(MODULE)};
    let keep = [];
    let largest = 0;
    for (let i = 0; i < 2_000_000; i++) {
      keep.push({ i, list: [i] });
      if (keep.length > 100_000) keep = [];
      if (i % 1000 === 0) {
        if (${cap}) capYoungGeneration();
        largest = Math.max(largest, youngGenerationBytes());
      }
    }
    console.log(largest);
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    timeout: 60_000,
  });
  return Number(stdout.trim());
}

describe('capYoungGeneration', () => {
  it('stops the young generation growing at the cap, where V8 alone grows it further', async () => {
    expect(await largestYoungGeneration(false)).toBeGreaterThan(YOUNG_GENERATION_CAP_BYTES);
    expect(await largestYoungGeneration(true)).toBeLessThanOrEqual(YOUNG_GENERATION_CAP_BYTES);
  });
});
