import { describe, expect, it } from 'vitest';
import { type BarContent, chooseBarLayout, MAX_LABEL_WIDTH, MIN_LABEL_WIDTH } from './bar-layout.js';
import { fitFileLabel, fitLabel, formatBarLine } from './bar-line.js';
import { displayWidth } from './terminal-width.js';

/** Three files of 62.91 MB and 22 B: `Total 1/3 files` and `  model-00001.bin`. */
const download: BarContent = { longestLabel: 'Total 3/3 files'.length, largestTotal: 125_829_142 };

describe('chooseBarLayout', () => {
  it('shows everything on a wide terminal, the graph as wide as the room allows', () => {
    expect(chooseBarLayout(140, download)).toEqual({
      labelWidth: 15,
      barWidth: 36,
      sizeWidth: 9,
      speed: true,
      eta: true,
      connections: true,
    });
    expect(chooseBarLayout(160, download)).toMatchObject({ barWidth: 40, connections: true });
  });

  it('gives up the connections first, before the name column or the graph gives up a column', () => {
    expect(chooseBarLayout(114, download)).toMatchObject({ labelWidth: 15, barWidth: 10, connections: true });
    expect(chooseBarLayout(113, download)).toMatchObject({
      labelWidth: 15,
      barWidth: 35,
      connections: false,
    });
  });

  it('keeps speed and ETA over the graph and the sizes as the terminal narrows', () => {
    const at = (columns: number) => chooseBarLayout(columns, download);
    expect(at(100)).toMatchObject({ barWidth: expect.any(Number), sizeWidth: 9, speed: true, eta: true });
    expect(at(100).barWidth).toBeGreaterThanOrEqual(10);
    const without = { speed: true, eta: true, connections: false };
    expect(at(80)).toEqual({ labelWidth: 15, barWidth: 0, sizeWidth: 9, ...without });
    expect(at(60)).toEqual({ labelWidth: 15, barWidth: 0, sizeWidth: 0, ...without });
    expect(at(40)).toMatchObject({ barWidth: 0, sizeWidth: 0, speed: true, eta: false });
    expect(at(20)).toMatchObject({ barWidth: 0, sizeWidth: 0, speed: false, eta: false });
  });

  it('shrinks the name column before anything else gives way', () => {
    const longNames: BarContent = { ...download, longestLabel: 60 };
    expect(chooseBarLayout(200, longNames).labelWidth).toBe(MAX_LABEL_WIDTH);
    const at100 = chooseBarLayout(100, longNames);
    expect(at100.barWidth).toBeGreaterThan(0);
    expect(at100.labelWidth).toBeLessThan(MAX_LABEL_WIDTH);
    expect(at100.labelWidth).toBeGreaterThanOrEqual(MIN_LABEL_WIDTH);
    // Narrower: the graph keeps its least width while the names give up columns, down to their least.
    expect(chooseBarLayout(95, longNames)).toMatchObject({ labelWidth: 22, barWidth: 10 });
    expect(chooseBarLayout(85, longNames)).toMatchObject({ labelWidth: MIN_LABEL_WIDTH, barWidth: 10 });
    expect(chooseBarLayout(84, longNames)).toMatchObject({
      barWidth: 0,
      sizeWidth: 9,
      speed: true,
      eta: true,
    });
  });
});

describe('a bar line in its layout', () => {
  it('keeps its columns from frame to frame and within the width, at 60, 80, 100 and 120 columns', () => {
    const frames = [
      { done: 0, bytesPerSecond: 0, etaSeconds: null },
      { done: 999_990, bytesPerSecond: 999, etaSeconds: 59 },
      { done: 41_840_000, bytesPerSecond: 45_200_000, etaSeconds: 140 },
      { done: 112_310_000, bytesPerSecond: 3_400_000, etaSeconds: 172_000 },
      { done: 125_829_142, bytesPerSecond: 0, etaSeconds: 0 },
    ];
    for (const columns of [60, 80, 100, 120]) {
      const layout = chooseBarLayout(columns, download);
      const lines = frames.map((frame) =>
        formatBarLine({ label: 'Total', files: { done: 1, total: 3 }, total: 125_829_142, ...frame }, layout),
      );
      const separators = (line: string) => [...line.matchAll(/ \| /g)].map((match) => match.index);
      for (const line of lines) {
        expect(line.length, line).toBeLessThan(columns);
        expect(separators(line), `${columns}: ${line}`).toEqual(separators(lines[0]!));
        expect(line, line).not.toMatch(/\|\s*$/);
        expect(line, line).toMatch(/^Total 1\/3 files /);
      }
    }
  });

  it('lines up the total and the file bars', () => {
    const layout = chooseBarLayout(120, download);
    const total = formatBarLine(
      {
        label: 'Total',
        files: { done: 1, total: 3 },
        done: 41_840_000,
        total: 125_829_142,
        bytesPerSecond: 45_200_000,
        etaSeconds: 140,
        connections: { count: 8, reason: 'cpu' },
      },
      layout,
    );
    const file = formatBarLine(
      {
        label: '  model-00001.bin',
        done: 20_000_000,
        total: 62_914_560,
        bytesPerSecond: 2_100_000,
        etaSeconds: 20,
      },
      layout,
    );
    expect(total).toBe(
      'Total 1/3 files [█████░░░░░░░░░░░]  33% |  41.84 MB / 125.83 MB | 45.2 MB/s | ETA 2 min 20 s | 8 conns · CPU-bound',
    );
    expect(file.indexOf('[')).toBe(total.indexOf('['));
    // The file's bar ends where the total's connections begin.
    expect([...file.matchAll(/ \| /g)].map((m) => m.index)).toEqual(
      [...total.matchAll(/ \| /g)].map((m) => m.index).slice(0, -1),
    );
  });
});

describe('fitLabel', () => {
  it("keeps the end of a long name, and a shard's index before its count", () => {
    expect(fitLabel('config.json', 20)).toBe('config.json');
    expect(fitLabel('original/consolidated.00.pth', 20)).toBe('…consolidated.00.pth');
    const shards = [1, 2, 3].map((n) => fitLabel(`  model-0000${n}-of-00003.safetensors`, 20));
    expect(shards).toEqual(['…l-00001.safetensors', '…l-00002.safetensors', '…l-00003.safetensors']);
    // Where the index survives the cut, or the whole name fits, the count stays.
    expect(fitLabel('  model-00001-of-00003.safetensors', 30)).toBe('…el-00001-of-00003.safetensors');
    expect(fitLabel('model-00001-of-00003.safetensors', 40)).toBe('model-00001-of-00003.safetensors');
  });
});

describe('fitFileLabel', () => {
  it('quotes a name with a space under the indent, and leaves a name without one as fitLabel does', () => {
    expect(fitFileLabel('my model.bin', 20)).toBe("  'my model.bin'");
    expect(fitFileLabel("it's a.bin", 20)).toBe("  'it'\\''s a.bin'");
    expect(fitFileLabel('config.json', 20)).toBe('  config.json');
    expect(fitFileLabel('original/consolidated.00.pth', 20)).toBe('…consolidated.00.pth');
  });

  it('cuts a quoted name inside its quotes, not its opening quote off: the name stays bounded', () => {
    // The indent goes first, the quotes stay.
    expect(fitFileLabel('my model.bin', 15)).toBe("'my model.bin'");
    // Cut: its end kept, quoted again, in the width.
    expect(fitFileLabel('my models/original/consolidated.00.pth', 22)).toBe("'…consolidated.00.pth'");
    // The cut part is quoted though it lost the space: the name holds one.
    expect(fitFileLabel('my dir/model-00001-of-00003.safetensors', 20)).toBe("'…00001.safetensors'");
    // A quote inside takes three more columns (`'\\''`): still within the width.
    for (const width of [8, 12, 16, 20]) {
      const label = fitFileLabel("bob's models/it's a.bin", width);
      expect(displayWidth(label), label).toBeLessThanOrEqual(width);
      expect(label, label).toMatch(/^'….*'$/);
    }
  });

  it("keeps a file bar's columns with a quoted name: its label is padded to the name column", () => {
    const layout = chooseBarLayout(100, { longestLabel: 40, largestTotal: 10 });
    const line = formatBarLine(
      {
        path: 'my models/model-00001-of-00003.safetensors',
        done: 5,
        total: 10,
        bytesPerSecond: 0,
        etaSeconds: null,
      },
      layout,
    );
    expect(line.indexOf(' [')).toBe(layout.labelWidth);
    // The shard's count goes before its index would (fitLabel), inside the quotes.
    expect(line.slice(0, layout.labelWidth)).toBe("'…s/model-00001.safetensors'");
  });
});
