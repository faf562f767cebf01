import { expect, it } from 'vitest';
import { byPath, compareCodeUnits } from './code-unit-order.js';

it('sorts by code units, as the Hub lists paths (capitals before lower case, not the locale order)', () => {
  expect(['b.json', 'README.md', 'a/x', 'a.json'].sort(compareCodeUnits)).toEqual([
    'README.md',
    'a.json',
    'a/x',
    'b.json',
  ]);
  expect([{ path: 'b' }, { path: 'B' }, { path: 'a' }].sort(byPath).map((item) => item.path)).toEqual([
    'B',
    'a',
    'b',
  ]);
});
