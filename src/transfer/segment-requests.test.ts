/**
 * SegmentRequests.cancelAllBut, as its one caller uses it (segmented-fetch.ts `#takeOverWholeFile`): the server
 * ignored Range and one lane's request streams the whole file, so every other request open at that moment stops
 * with SegmentCancelled (which segment-retries.ts takes as a clean stop, never a failure to retry), and the lane
 * that took over goes on. The other stops, for contrast: `cut` (TailStolen) and `abortAll` (the file stopped).
 */
import { describe, expect, it } from 'vitest';
import { SegmentRequests } from './segment-requests.js';
import type { Segment } from './segment-scheduler.js';
import { SegmentCancelled, TailStolen } from './segment-stream.js';

const segment = (id: number, start: number, end: number): Segment => ({
  id,
  start,
  end,
  requestEnd: end,
  position: start,
  cancelled: false,
});

/** Segments with a request open for each, tracked as segment-stream.ts does. */
function open(count: number) {
  const requests = new SegmentRequests();
  const lanes = Array.from({ length: count }, (_, index) => {
    const lane = {
      segment: segment(index, index * 100, index * 100 + 100),
      controller: new AbortController(),
    };
    requests.track(lane.segment, lane.controller);
    return lane;
  });
  return { requests, lanes };
}

describe('SegmentRequests.cancelAllBut', () => {
  it('cancels every other open request with SegmentCancelled and leaves the one that took over running', () => {
    const { requests, lanes } = open(4);
    requests.cancelAllBut(lanes[2]!.segment);
    for (const [index, lane] of lanes.entries()) {
      if (index === 2) {
        expect(lane.controller.signal.aborted, `lane ${index}`).toBe(false);
      } else {
        expect(lane.controller.signal.aborted, `lane ${index}`).toBe(true);
        expect(lane.controller.signal.reason, `lane ${index}`).toBeInstanceOf(SegmentCancelled);
      }
    }
  });

  it('touches no request that ended before, nor one opened after; the kept one still stops with the file', () => {
    const requests = new SegmentRequests();
    const keep = { segment: segment(0, 0, 100), controller: new AbortController() };
    const ended = { segment: segment(1, 100, 200), controller: new AbortController() };
    requests.track(keep.segment, keep.controller);
    requests.track(ended.segment, ended.controller);
    requests.track(ended.segment, undefined);
    requests.cancelAllBut(keep.segment);
    expect(ended.controller.signal.aborted).toBe(false);

    const later = { segment: segment(2, 200, 300), controller: new AbortController() };
    requests.track(later.segment, later.controller);
    expect(later.controller.signal.aborted).toBe(false);

    requests.abortAll();
    expect(keep.controller.signal.aborted).toBe(true);
    expect(keep.controller.signal.reason).not.toBeInstanceOf(SegmentCancelled);
    expect(later.controller.signal.aborted).toBe(true);
  });

  it('with only the kept request open, or none, aborts nothing', () => {
    const { requests, lanes } = open(1);
    requests.cancelAllBut(lanes[0]!.segment);
    expect(lanes[0]!.controller.signal.aborted).toBe(false);
    expect(() => new SegmentRequests().cancelAllBut(segment(9, 0, 1))).not.toThrow();
  });

  it('is not `cut`: a cut stops one request with TailStolen, the lane keeping what it wrote', () => {
    const { requests, lanes } = open(2);
    requests.cut(lanes[1]!.segment);
    expect(lanes[1]!.controller.signal.reason).toBeInstanceOf(TailStolen);
    expect(lanes[0]!.controller.signal.aborted).toBe(false);
  });
});
