// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { windowRange } from './time-chart.js';

describe('windowRange', () => {
  const chart = {} as uPlot;

  it('spans the whole window up to the newest point, with four seconds of data or ten minutes', () => {
    expect(windowRange(600)(chart, 1_000, 1_004, 'x')).toEqual([404, 1_004]);
    expect(windowRange(600)(chart, 400, 1_004, 'x')).toEqual([404, 1_004]);
  });

  it('leaves an empty chart its own range', () => {
    expect(windowRange(600)(chart, null as unknown as number, null as unknown as number, 'x')).toEqual([
      null,
      null,
    ]);
  });
});
