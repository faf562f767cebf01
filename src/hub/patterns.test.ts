import { describe, expect, it } from 'vitest';
import { filterPaths, fnmatchToRegExp } from './patterns.js';

// [pattern, path, matches] — expectations from Python's fnmatch.fnmatchcase.
const CASES: Array<[string, string, boolean]> = [
  ['*.json', 'config.json', true],
  ['*.json', 'sub/config.json', true], // `*` matches `/`
  ['data/*.json', 'data/a/b.json', true],
  ['*.JSON', 'config.json', false], // case-sensitive
  ['config.json', 'config.json', true],
  ['config.json', 'xconfig.json', false], // whole string
  ['config.json', 'config.json.bak', false],
  ['config?json', 'config.json', true], // `.` is literal, `?` is one char
  ['config.json', 'configXjson', false],
  ['model-?????-of-?????.safetensors', 'model-00001-of-00002.safetensors', true],
  ['model-?.bin', 'model-10.bin', false],
  ['[abc].txt', 'b.txt', true],
  ['[abc].txt', 'd.txt', false],
  ['[!abc].txt', 'd.txt', true],
  ['[!abc].txt', 'a.txt', false],
  ['[a-c]x', 'bx', true],
  ['[]]', ']', true],
  ['[!]]', 'a', true],
  ['[', '[', true], // unclosed bracket is literal
  ['a[', 'a[', true],
  ['*', 'anything/at/all', true],
  ['(x)+{y}$', '(x)+{y}$', true], // regex metacharacters are literal
  ['a\\b', 'a\\b', true], // no escape character
  ['[\\]', '\\', true],
  ['[^a]', '^', true],
  ['[^a]', 'b', false],
  ['*.bin', 'line\nbreak.bin', true],
];

describe('fnmatchToRegExp', () => {
  it.each(CASES)('%j vs %j → %s', (pattern, path, expected) => {
    expect(fnmatchToRegExp(pattern).test(path)).toBe(expected);
  });

  it('treats an out-of-order range as matching nothing instead of throwing', () => {
    expect(fnmatchToRegExp('[z-a]').test('m')).toBe(false);
  });
});

describe('filterPaths', () => {
  const paths = [
    'config.json',
    'model.safetensors',
    'onnx/model.onnx',
    'onnx/sub/extra.onnx',
    'tokenizer.json',
    'README.md',
    'data/train.csv',
  ];
  const run = (include?: string[] | string, exclude?: string[] | string) =>
    filterPaths(paths, (p) => p, include, exclude);

  it('keeps everything without patterns, or with an empty allow list', () => {
    expect(run()).toEqual(paths);
    expect(run([])).toEqual(paths);
  });

  it('applies allow then ignore patterns', () => {
    expect(run(['*.json'])).toEqual(['config.json', 'tokenizer.json']);
    expect(run(['*.json', '*.md'], ['tokenizer*'])).toEqual(['config.json', 'README.md']);
    expect(run(undefined, ['*.onnx', '*.md'])).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'data/train.csv',
    ]);
    expect(run('*.safetensors')).toEqual(['model.safetensors']);
  });

  it('expands a trailing slash to the whole folder and turns backslashes into slashes', () => {
    expect(run(['onnx/'])).toEqual(['onnx/model.onnx', 'onnx/sub/extra.onnx']);
    expect(run(['onnx\\sub\\*'])).toEqual(['onnx/sub/extra.onnx']);
    expect(run(undefined, ['onnx/', 'data\\'])).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'README.md',
    ]);
    expect(filterPaths(['a\\b.txt'], (p) => p, ['a/*'])).toEqual(['a\\b.txt']);
  });
});
