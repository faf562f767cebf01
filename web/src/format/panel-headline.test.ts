import { describe, expect, it } from 'vitest';
import { panelHeadline } from './panel-headline.js';

const jobs = (...states: ('running' | 'paused' | 'queued' | 'failed' | 'completed' | 'cancelled')[]) =>
  states.map((state) => ({ state }));

describe('panelHeadline', () => {
  it('counts only running jobs as downloading and the paused, queued and failed ones beside', () => {
    expect(panelHeadline(jobs('running', 'paused', 'queued', 'queued', 'failed', 'completed'))).toEqual({
      title: 'Downloading Models (1)',
      others: '1 paused · 2 queued · 1 failed',
    });
  });

  it('says nothing beside the title when every job runs, and 0 when none does', () => {
    expect(panelHeadline(jobs('running', 'running', 'completed'))).toEqual({
      title: 'Downloading Models (2)',
      others: '',
    });
    expect(panelHeadline(jobs('paused', 'cancelled'))).toEqual({
      title: 'Downloading Models (0)',
      others: '1 paused',
    });
  });
});
