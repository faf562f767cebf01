/** Why one file, and a download of several, has the connections it has (docs/transfer-connections.md, "Why that many"). */
import { describe, expect, it } from 'vitest';
import {
  downloadConnectionsReason,
  type FileConnectionsState,
  fileConnectionsReason,
} from './connections-reason.js';

/** A file at hubget's default cap, its lanes all open, with ranges left to split. */
const atCap: FileConnectionsState = {
  open: 32,
  retrying: 0,
  target: 32,
  splittable: true,
  limited: undefined,
  budgetFull: false,
  verdict: 'default-ceiling',
};

describe('fileConnectionsReason', () => {
  it('says fewer are open because some wait to retry after a failure, not that the file is split as far as it goes', () => {
    // The CDN refusing: 4 of 16 lanes in a request, 12 waiting out their retry delay, nothing left to split.
    const refused = { ...atCap, open: 4, retrying: 12, splittable: false };
    expect(fileConnectionsReason(refused)).toBe('retrying');
    expect(fileConnectionsReason({ ...refused, budgetFull: true, limited: { capped: false } })).toBe(
      'retrying',
    );
    expect(fileConnectionsReason({ ...refused, retrying: 0 })).toBe('fully-split');
  });

  it("gives the controller's verdict while the file holds its target", () => {
    expect(fileConnectionsReason(atCap)).toBe('default-ceiling');
    // Nothing left to split yet every lane still open: the cap is still what holds the count.
    expect(fileConnectionsReason({ ...atCap, splittable: false })).toBe('default-ceiling');
  });

  it('says the file is fully split, not the cap, when its count is below it with nothing left to split', () => {
    expect(fileConnectionsReason({ ...atCap, open: 1, splittable: false })).toBe('fully-split');
    expect(fileConnectionsReason({ ...atCap, open: 5, splittable: false, verdict: 'link' })).toBe(
      'fully-split',
    );
    // A file that is one range: its one connection is all it can use, whatever the budget.
    expect(
      fileConnectionsReason({ ...atCap, open: 1, target: 8, splittable: false, verdict: 'measuring' }),
    ).toBe('fully-split');
    // Under a bandwidth limit too: the limit set a count the file no longer has work for.
    const limited = { ...atCap, open: 2, target: 13, splittable: false, limited: { capped: false } };
    expect(fileConnectionsReason(limited)).toBe('fully-split');
  });

  it('keeps the other reasons while there is work to split or the count is not below the target', () => {
    expect(fileConnectionsReason({ ...atCap, open: 4, target: 8, limited: { capped: false } })).toBe(
      'rate-limit',
    );
    expect(fileConnectionsReason({ ...atCap, open: 4, target: 8, limited: { capped: true } })).toBe(
      'ceiling',
    );
    expect(fileConnectionsReason({ ...atCap, open: 4, target: 8, budgetFull: true })).toBe('budget');
    expect(fileConnectionsReason({ ...atCap, open: 4, target: 8, verdict: 'measuring' })).toBe('measuring');
    // None open (done, or not started): the count it held, not a tail.
    expect(fileConnectionsReason({ ...atCap, open: 0, splittable: false })).toBe('default-ceiling');
  });
});

describe('downloadConnectionsReason', () => {
  it('names the budget when the file with the most open is fully split and another waits for a slot', () => {
    const tail = { open: 3, reason: 'fully-split' as const };
    expect(downloadConnectionsReason([tail, { open: 1, reason: 'budget' }])).toBe('budget');
    expect(downloadConnectionsReason([tail, { open: 1, reason: 'link' }])).toBe('fully-split');
    expect(
      downloadConnectionsReason([
        { open: 4, reason: 'cpu' },
        { open: 1, reason: 'budget' },
      ]),
    ).toBe('cpu');
  });

  it('names the budget while no connection is open yet and a file waits for its first slot', () => {
    expect(downloadConnectionsReason([{ open: 0, reason: 'budget' }])).toBe('budget');
    expect(downloadConnectionsReason([{ open: 0, reason: 'measuring' }])).toBeUndefined();
    expect(downloadConnectionsReason([])).toBeUndefined();
  });
});
