import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../api-types.js';
import { SseEventLog } from './sse-event-log.js';

const notification = (title: string): ServerEvent => ({
  type: 'notification',
  level: 'success',
  jobId: 'j1',
  title,
  message: 'org/model',
});
const network: ServerEvent = {
  type: 'network',
  stats: {
    supported: true,
    t: 0,
    rxBytesPerSecond: 0,
    txBytesPerSecond: 0,
    interfaces: [],
    hubgetBytesPerSecond: 0,
  },
};

function idsOf(text: string): string[] {
  return [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1]!);
}

describe('SseEventLog', () => {
  it('numbers every event, and a snapshot event carries the latest id without advancing', () => {
    const log = new SseEventLog({ epoch: 'ab12' });
    expect(log.next(network)).toBe(`id: ab12-1\nevent: network\ndata: ${JSON.stringify(network)}\n\n`);
    expect(log.next(notification('Done'))).toMatch(/^id: ab12-2\nevent: notification\n/);
    expect(log.snapshot(network)).toMatch(/^id: ab12-2\n/);
    expect(log.lastId).toBe('ab12-2');
  });

  it('replays the one-off events after the client’s id, never the state events', () => {
    const log = new SseEventLog({ epoch: 'ab12' });
    log.next(notification('Before'));
    const seen = log.lastId;
    log.next(network);
    log.next(notification('Missed 1'));
    log.next({ type: 'job-removed', id: 'j9' });
    log.next(network);
    const missed = log.missedSince(seen);
    expect(idsOf(missed)).toEqual(['ab12-3', 'ab12-4']);
    expect(missed).toContain('"title":"Missed 1"');
    expect(missed).toContain('"type":"job-removed"');
    expect(log.missedSince(log.lastId)).toBe('');
  });

  it('replays nothing to a fresh client, another process’s id or a malformed one', () => {
    const log = new SseEventLog({ epoch: 'ab12' });
    log.next(notification('Done'));
    for (const id of [undefined, '', 'ff00-0', 'ab12-x', 'ab12-99', `ab12-${'9'.repeat(400)}`]) {
      expect(log.missedSince(id), String(id)).toBe('');
    }
    expect(idsOf(log.missedSince('ab12-0'))).toEqual(['ab12-1']);
  });

  it('keeps only the latest one-off events', () => {
    const log = new SseEventLog({ epoch: 'ab12', limit: 3 });
    for (let i = 1; i <= 5; i += 1) log.next(notification(`N${i}`));
    expect(idsOf(log.missedSince('ab12-0'))).toEqual(['ab12-3', 'ab12-4', 'ab12-5']);
  });
});
