import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubgetError, isHubgetError } from '../errors.js';
import { DEFAULT_CATALOG_PATH, loadCatalog, parseCatalog, repoForCatalogFolder } from './catalog.js';

function failure(run: () => unknown): HubgetError {
  try {
    run();
  } catch (error) {
    if (isHubgetError(error)) return error;
    throw error;
  }
  throw new Error('expected a HubgetError');
}

describe('catalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ships a valid default catalog of real models in both targets', async () => {
    expect(DEFAULT_CATALOG_PATH.endsWith(join('catalog', 'default-catalog.json'))).toBe(true);
    const entries = await loadCatalog();
    expect(entries.length).toBeGreaterThanOrEqual(7);
    const repoIds = entries.map((e) => e.repoId);
    for (const repoId of [
      'Qwen/Qwen2.5-0.5B-Instruct',
      'meta-llama/Llama-3.2-1B-Instruct',
      'black-forest-labs/FLUX.1-schnell',
      'sentence-transformers/all-MiniLM-L6-v2',
    ]) {
      expect(repoIds).toContain(repoId);
    }
    expect(entries.some((e) => e.target === 'cache')).toBe(true);
    expect(entries.some((e) => e.target !== 'cache')).toBe(true);
    for (const entry of entries) {
      expect(entry.include.length).toBeGreaterThan(0);
      expect(entry.approxBytes).toBeGreaterThan(0);
    }
  });

  it('fills defaults and accepts {"models": [...]}', async () => {
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ models: [{ repoId: 'gpt2', name: ' GPT-2 ' }] }));
    expect(await loadCatalog(path)).toEqual([
      {
        id: 'gpt2',
        repoId: 'gpt2',
        repoType: 'model',
        name: 'GPT-2',
        description: '',
        include: [],
        target: 'cache',
        approxBytes: null,
      },
    ]);
  });

  it('names the bad entry and the bad field', () => {
    const good = { id: 'ok', repoId: 'org/ok', name: 'OK' };
    const second = { ...good, id: 'x' };
    const cases: Array<[object, RegExp]> = [
      [{ ...second, repoId: 'not a repo' }, /entry #2 \("x"\) has an invalid repoId/],
      [{ ...second, target: '../../etc' }, /entry #2 \("x"\) has an unsafe target folder "..\/..\/etc"/],
      [{ ...second, target: '/abs' }, /unsafe target folder/],
      [
        { ...second, target: 'org/nested' },
        /target folder "org\/nested" that is nested: it must be one folder/,
      ],
      [{ ...second, target: '.cache' }, /target folder ".cache" that is a hidden folder/],
      [{ ...second, repoType: 'weights' }, /invalid repoType/],
      [{ ...second, name: '' }, /needs a non-empty "name"/],
      [{ ...second, include: ['*.json', 3] }, /"include"/],
      [{ ...second, approxBytes: -1 }, /"approxBytes"/],
      [{ ...second, sizee: 1 }, /unknown field "sizee"/],
      [{ ...good }, /entry #2 \("ok"\) repeats the id "ok"/],
    ];
    for (const [entry, message] of cases) {
      const error = failure(() => parseCatalog([good, entry], 'my.json'));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/^my\.json: entry #2/);
      expect(error.message).toMatch(message);
    }
    expect(failure(() => parseCatalog({ nope: 1 })).message).toMatch(/expected a JSON array/);
    expect(failure(() => parseCatalog([null])).message).toMatch(/entry #1 is not an object/);
  });

  it('reports unreadable, non-JSON and YAML files clearly', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"repoId": ');
    await expect(loadCatalog(bad)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /not valid JSON/,
    });
    await expect(loadCatalog(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'IO_ERROR' });
    // A path with a space is quoted, as every path hubget says (src/format/shell-word.ts).
    await expect(loadCatalog(join(dir, 'my catalogs', 'c.json'))).rejects.toMatchObject({
      message: `Cannot read catalog '${join(dir, 'my catalogs', 'c.json')}' — ENOENT`,
    });
    await expect(loadCatalog(join(dir, 'c.yaml'))).rejects.toMatchObject({
      message: /YAML catalogs are not supported/,
    });
  });

  it('maps a catalog target folder under the models dir back to its repo', async () => {
    const entries = await loadCatalog();
    const local = entries.find((entry) => entry.target !== 'cache')!;
    const cached = entries.find((entry) => entry.target === 'cache')!;
    const repoOf = repoForCatalogFolder('/srv/models', entries);
    expect(repoOf(join('/srv/models', local.target))).toEqual({
      repoId: local.repoId,
      repoType: local.repoType,
    });
    expect(repoOf(join('/srv/models', local.target, '.'))).toEqual({
      repoId: local.repoId,
      repoType: local.repoType,
    });
    expect(repoOf(join('/srv/models', cached.repoId))).toBeNull();
    expect(repoOf('/elsewhere')).toBeNull();
  });
});
