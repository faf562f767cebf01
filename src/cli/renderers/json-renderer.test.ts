import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../progress/index.js';
import { createJsonRenderer } from './json-renderer.js';

const started = (path: string): TransferEvent => ({ type: 'file-start', path, size: 1, resumedBytes: 0 });

describe('createJsonRenderer', () => {
  it('writes the events of one turn of the event loop as one write of NDJSON lines, in order', async () => {
    const writes: string[] = [];
    const renderer = createJsonRenderer((text) => writes.push(text));
    renderer.onEvent(started('a'));
    renderer.onEvent(started('b'));
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toEqual([JSON.stringify(started('a')), JSON.stringify(started('b')), '']);
    renderer.onEvent(started('c'));
    await nextTurn();
    expect(writes).toEqual([writes[0], `${JSON.stringify(started('c'))}\n`]);
  });

  it('writes what is pending at stop, at once, and nothing twice', async () => {
    const writes: string[] = [];
    const renderer = createJsonRenderer((text) => writes.push(text));
    renderer.onEvent(started('a'));
    renderer.stop();
    expect(writes).toEqual([`${JSON.stringify(started('a'))}\n`]);
    await nextTurn();
    renderer.stop();
    expect(writes).toHaveLength(1);
  });
});
