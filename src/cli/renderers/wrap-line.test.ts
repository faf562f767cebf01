import { describe, expect, it } from 'vitest';
import { connectionWaitWords, retryWaitLine } from '../../format/retry-wait-words.js';
import { shellWord } from '../../format/shell-word.js';
import { displayWidth } from './terminal-width.js';
import { wrapLine } from './wrap-line.js';

const WARNING =
  'Warning: original/consolidated-00001-of-00004.safetensors: Server answered 503 for bytes=0-10485759: ' +
  'Injected HTTP 503 [HUB_HTTP_ERROR] - retry 1 now';

describe('wrapLine', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapLine('Warning: short', 79)).toEqual(['Warning: short']);
  });

  it.each([59, 79, 119])('keeps every word of a long warning at %i columns, breaking at spaces', (width) => {
    const lines = wrapLine(WARNING, width);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.trim()).join(' ')).toBe(WARNING);
    // Continuation lines are indented, so the wrapped message reads as one.
    for (const line of lines.slice(1)) expect(line.startsWith('  ')).toBe(true);
  });

  it('keeps a quoted path with a space whole, never breaking it at its space', () => {
    const path = `'/tmp/my models/hf/hub/models--org--a'`;
    const apostrophe = shellWord("/tmp/it's b");
    const quoted = `Nothing installed in ${path} or ${apostrophe} (and Ada's notes, it's said)`;
    for (let width = 20; width <= 90; width++) {
      const lines = wrapLine(quoted, width);
      expect(
        lines.some((line) => line.includes(path)),
        `${width}`,
      ).toBe(true);
      expect(
        lines.some((line) => line.includes(apostrophe)),
        `${width}`,
      ).toBe(true);
      expect(lines.map((line) => line.trim()).join(' ')).toBe(quoted);
    }
    // Prose with apostrophes still breaks at its spaces.
    expect(wrapLine("Ada's model isn't here and it's not there either", 20)).toEqual([
      "Ada's model isn't",
      "  here and it's not",
      '  there either',
    ]);
  });

  it('keeps a number with its unit: a size, a rate, a wait', () => {
    const plan = 'All 3 files (20.50 kB) of org/small@e1778f1 already present; 1 file (22 B) already present';
    for (let width = 30; width <= 90; width++) {
      const lines = wrapLine(plan, width);
      for (const line of lines) expect(line.trim(), `${width}`).not.toMatch(/^(kB\)|B\))/);
      expect(lines.map((line) => line.trim()).join(' ')).toBe(plan);
    }
    const notice =
      'Notice: listing org/small — server unreachable; attempt 2 of 5 in 1 s (Cannot reach 127.0.0.1)';
    for (let width = 30; width <= 90; width++) {
      for (const line of wrapLine(notice, width)) expect(line.trim(), `${width}`).not.toMatch(/^s \(/);
    }
  });

  it('keeps a count with the try it names and a duration in parts: `try 2 of 5`, `3 min 38 s`', () => {
    const wait = { status: 503, attempt: 1, limit: { failures: 5 }, lastTry: false };
    // The one-connection wait notice (reconnect-notices.ts), then a file's wait of minutes.
    const notices = [
      `Notice: model-00001.bin — ${connectionWaitWords({ ...wait, leftMs: 5200 }, 3)} (Server answered 503 for bytes=21446692-24008735: Injected HTTP 503)`,
      `Notice: ${retryWaitLine({ ...wait, path: 'weights/model-00001-of-00004.safetensors', leftMs: 217_400 })}`,
      'Notice: listing org/small — server unreachable; attempt 2 of 5 in 1 s (Cannot reach 127.0.0.1)',
    ];
    const together = ['try 2 of 5', '3 min 38 s', 'attempt 2 of 5', '6 s', '1 s'];
    for (const notice of notices) {
      for (let width = 20; width <= 100; width++) {
        const lines = wrapLine(notice, width);
        for (const words of together.filter((words) => notice.includes(words))) {
          expect(
            lines.some((line) => line.includes(words)),
            `${words} at ${width}: ${JSON.stringify(lines)}`,
          ).toBe(true);
        }
        expect(lines.map((line) => line.trim()).join(' ')).toBe(notice);
      }
    }
  });

  it('says a path or repo id longer than a line whole on a line of its own, for the terminal to wrap', () => {
    const commit = '78cb39115c596d2fd82ad46b7b24361c526d5845';
    const path = `/tmp/hf/hub/models--TheBloke--tiny-GGUF/snapshots/${commit}/Tiny-Q4_K_M.gguf`;
    expect(wrapLine(`Model file (Q4_K_M): ${path} - kept`, 50)).toEqual([
      'Model file (Q4_K_M):',
      `  ${path}`,
      '  - kept',
    ]);
    const id = 'unsloth/DeepSeek-R1-Distill-Qwen-14B-unsloth-bnb-4bit@4b68e1e';
    expect(wrapLine(`Fetching 2 files (2.10 MB) from ${id}`, 40)).toEqual([
      'Fetching 2 files (2.10 MB) from',
      `  ${id}`,
    ]);
  });

  it('counts wide characters as two columns', () => {
    const lines = wrapLine(`Warning: ${'模型'.repeat(3)}.bin - retry 1 now`, 20);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
    expect(lines.map((line) => line.trim()).join(' ')).toContain('- retry 1 now');
  });
});
