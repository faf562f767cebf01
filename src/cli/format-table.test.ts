import { describe, expect, it } from 'vitest';
import { type Column, cutItems, cutText, fitLines, formatTable, joinItems } from './format-table.js';

interface Row {
  id: string;
  count: number;
  note: string;
}

const columns: Column<Row>[] = [
  { header: 'ID', value: (row) => row.id, cut: 'end' },
  { header: 'N', value: (row) => String(row.count), align: 'right', optional: true },
  { header: 'NOTE', value: (row) => row.note, narrow: (row) => row.note.split(' ')[0]!, optional: true },
  { header: 'PATH', value: () => '/a/long/folder/org--name', cut: 'start' },
];
const rows: Row[] = [{ id: 'org/name', count: 12, note: 'partial (1 unfinished)' }];

describe('formatTable', () => {
  it('prints whole rows when they fit (or without a width)', () => {
    const whole = [
      'ID         N  NOTE                    PATH',
      'org/name  12  partial (1 unfinished)  /a/long/folder/org--name',
    ];
    expect(formatTable(rows, columns)).toEqual(whole);
    expect(formatTable(rows, columns, 62)).toEqual(whole);
  });

  it('narrows, then leaves out optional columns (the last first), then cuts, to the width', () => {
    // Narrow cells are enough.
    expect(formatTable(rows, columns, 50)).toEqual([
      'ID         N  NOTE     PATH',
      'org/name  12  partial  /a/long/folder/org--name',
    ]);
    // NOTE goes before N.
    expect(formatTable(rows, columns, 40)).toEqual([
      'ID         N  PATH',
      'org/name  12  /a/long/folder/org--name',
    ]);
    // Both go, then the widest cut column is cut: the path keeps its end.
    expect(formatTable(rows, columns, 25)).toEqual(['ID        PATH', 'org/name  …lder/org--name']);
    // Never below a header's width: what does not fit then wraps.
    expect(formatTable(rows, columns, 5)).toEqual(['ID  PATH', 'o…  …ame']);
  });

  it('fits the lines under a table by their first form that fits, else the last', () => {
    const forms = [
      ['2 repos (and 14.62 MB unfinished)'],
      ['2 repos, 14.62 MB unfinished'],
      ['2 repos', '14.62 MB unfinished'],
    ];
    expect(fitLines(forms)).toEqual(['2 repos (and 14.62 MB unfinished)']);
    expect(fitLines(forms, 33)).toEqual(['2 repos (and 14.62 MB unfinished)']);
    expect(fitLines(forms, 32)).toEqual(['2 repos, 14.62 MB unfinished']);
    expect(fitLines(forms, 20)).toEqual(['2 repos', '14.62 MB unfinished']);
    expect(fitLines(forms, 10)).toEqual(['2 repos', '14.62 MB unfinished']);
  });

  it('cuts by code points, never inside a surrogate pair', () => {
    expect(cutText('😀😀😀😀', 3, 'end')).toBe('😀😀…');
    expect(cutText('abcdef', 4, 'start')).toBe('…def');
    expect(cutText('abc', 3, 'end')).toBe('abc');
  });

  it('cuts a list at whole items and counts the rest; a column without cut stays whole', () => {
    const list = joinItems(['Q2_K', 'Q4_K_M', 'Q6_K', 'Q8_0']);
    expect(list).toBe('Q2_K, Q4_K_M, Q6_K, Q8_0');
    expect(joinItems([])).toBe('-');
    expect(cutItems(list, 24)).toBe(list);
    expect(cutItems(list, 20)).toBe('Q2_K, Q4_K_M, +2');
    expect(cutItems(list, 15)).toBe('Q2_K, +3');
    expect(cutItems(list, 3)).toBe('+4');
    const listed: Column<{ id: string; quants: string[] }>[] = [
      { header: 'REPO', value: (row) => row.id },
      { header: 'QUANTS', value: (row) => joinItems(row.quants), cut: 'items' },
    ];
    const row = { id: 'org/a-rather-long-repository-name', quants: ['Q2_K', 'Q4_K_M', 'Q6_K', 'Q8_0'] };
    expect(formatTable([row], listed, 50)).toEqual([
      `${'REPO'.padEnd(35)}QUANTS`,
      'org/a-rather-long-repository-name  Q2_K, +3',
    ]);
  });

  it('says an `above` cell too wide for the room left on a line of its own above its row, once cutting is not enough', () => {
    const listed: Column<{ id: string; quants: string[] }>[] = [
      { header: 'REPO', value: (row) => row.id, above: true },
      { header: 'QUANTS', value: (row) => joinItems(row.quants), cut: 'items' },
    ];
    const rows = [
      { id: 'org/a', quants: ['Q4_K_M', 'Q8_0'] },
      { id: 'some-organisation/a-long-repository-name', quants: ['Q2_K'] },
    ];
    // Wide enough: one line per row, as without `above`.
    expect(formatTable(rows, listed, 80)).toHaveLength(3);
    // At 30 the long id would widen REPO past the width: it goes above its row, whole though longer than a line
    // (the terminal wraps it, and it copies as one line: wrap-words.ts), and the room it leaves keeps QUANTS whole
    // (not cut to `+2` for the long id's sake).
    expect(formatTable(rows, listed, 30)).toEqual([
      'REPO   QUANTS',
      'org/a  Q4_K_M, Q8_0',
      'some-organisation/a-long-repository-name',
      '       Q2_K',
    ]);
  });

  it('keeps a short `above` cell in its row at 60 columns, the lists cut beside it; only a long one goes above', () => {
    const listed: Column<{ id: string; size: string; quants: string[] }>[] = [
      { header: 'REPO', value: (row) => row.id, above: true },
      { header: 'SIZE', value: (row) => row.size, align: 'right' },
      { header: 'QUANTS', value: (row) => joinItems(row.quants), cut: 'items' },
      { header: 'STATE', value: () => 'ok' },
    ];
    const quants = ['Q2_K', 'IQ4_XS', 'Q4_K_M', 'Q6_K', 'Q8_0'];
    const rows = [
      { id: 'org/small', size: '62.91 MB', quants: [] },
      { id: 'TheBloke/tiny-GGUF', size: '305.47 kB', quants },
      { id: 'TheBloke/Mistral-7B-Instruct-v0.2-GGUF', size: '305.47 kB', quants },
    ];
    // Whole lists left 7 columns for REPO: `org/small` and `TheBloke/tiny-GGUF` went above their rows too, a line
    // per row. Short (a third of the line or less), they stay in their rows; the 38-character id goes above.
    expect(formatTable(rows, listed, 60)).toEqual([
      'REPO                     SIZE  QUANTS            STATE',
      'org/small            62.91 MB  -                 ok',
      'TheBloke/tiny-GGUF  305.47 kB  Q2_K, IQ4_XS, +3  ok',
      'TheBloke/Mistral-7B-Instruct-v0.2-GGUF',
      '                    305.47 kB  Q2_K, IQ4_XS, +3  ok',
    ]);
    // Where the short ids leave room for whole lists, the long one goes above for them, as before.
    expect(formatTable(rows, listed, 80)).toEqual([
      'REPO                     SIZE  QUANTS                            STATE',
      'org/small            62.91 MB  -                                 ok',
      'TheBloke/tiny-GGUF  305.47 kB  Q2_K, IQ4_XS, Q4_K_M, Q6_K, Q8_0  ok',
      'TheBloke/Mistral-7B-Instruct-v0.2-GGUF',
      '                    305.47 kB  Q2_K, IQ4_XS, Q4_K_M, Q6_K, Q8_0  ok',
    ]);
  });

  it('moves a long `above` cell up rather than cut a list, and takes back the columns it left out', () => {
    const listed: Column<{ id: string; quants: string[] }>[] = [
      { header: 'REPO', value: (row) => row.id, above: true },
      { header: 'TYPE', value: () => 'model', optional: true },
      { header: 'QUANTS', value: (row) => joinItems(row.quants), cut: 'items' },
    ];
    const rows = [
      { id: 'org/a', quants: ['Q4_K_M', 'Q8_0'] },
      { id: 'some-organisation/a-model-with-a-rather-long-name', quants: ['Q2_K', 'Q4_K_M', 'Q6_K'] },
    ];
    const moved = [
      'REPO   TYPE   QUANTS',
      'org/a  model  Q4_K_M, Q8_0',
      'some-organisation/a-model-with-a-rather-long-name',
      '       model  Q2_K, Q4_K_M, Q6_K',
    ];
    // At 57 the id fit in its row with QUANTS cut to `+2` and `+3`, which say nothing of what is there.
    expect(formatTable(rows, listed, 57)).toEqual(moved);
    // At 40 TYPE, left out while the id was in its row, comes back in the room the id leaves.
    expect(formatTable(rows, listed, 40)).toEqual(moved);
    // At 61 the id fit in its row with each list cut to its first item (`Q2_K, +2`): it goes up so that every
    // item is said (`hubget ls`'s QUANTS beside a long id at 80 columns).
    expect(formatTable(rows, listed, 61)).toEqual(moved);
    // Wide enough for the whole lists beside it: the id stays in its row.
    expect(formatTable(rows, listed, 69)[2]).toBe(
      'some-organisation/a-model-with-a-rather-long-name  Q2_K, Q4_K_M, Q6_K',
    );
  });
});
