import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES, transferOrder } from './transfer-order.js';

const GB = 1e9;
const size = (file: { size: number }) => file.size;

describe('transferOrder', () => {
  it('starts the largest file, then every small file smallest first, then the other large files', () => {
    const files = [
      { name: 'shard-2', size: 4 * GB },
      { name: 'tokenizer.json', size: 7_000_000 },
      { name: 'shard-1', size: 5 * GB },
      { name: 'config.json', size: 700 },
      { name: 'shard-3', size: 1 * GB },
    ];
    expect(transferOrder(files, size).map((file) => file.name)).toEqual([
      'shard-1',
      'config.json',
      'tokenizer.json',
      'shard-2',
      'shard-3',
    ]);
  });

  it('orders only small files by size, and treats the threshold itself as small', () => {
    const files = [{ size: LARGE_FILE_BYTES }, { size: 10 }, { size: LARGE_FILE_BYTES + 1 }, { size: 0 }];
    expect(transferOrder(files, size).map(size)).toEqual([LARGE_FILE_BYTES + 1, 0, 10, LARGE_FILE_BYTES]);
    expect(transferOrder([], size)).toEqual([]);
  });

  it('starts the files partly on disk first (a resumed download), then the rest in the same order as fresh', () => {
    const files = [
      { name: 'model-00002', size: 4 * GB, partial: true },
      { name: 'config.json', size: 700, partial: false },
      { name: 'model-00003', size: 5 * GB, partial: false },
      { name: 'tokenizer.json', size: 7_000_000, partial: true },
      { name: 'model-00004', size: 1 * GB, partial: false },
    ];
    const order = transferOrder(files, size, (file) => file.partial).map((file) => file.name);
    expect(order).toEqual(['model-00002', 'tokenizer.json', 'model-00003', 'config.json', 'model-00004']);
    // With no partial file: exactly the fresh order.
    const fresh = files.map((file) => ({ ...file, partial: false }));
    expect(transferOrder(fresh, size, (file) => file.partial)).toEqual(transferOrder(fresh, size));
  });
});
