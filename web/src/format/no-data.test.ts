import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobStateLabel, jobTone, modelStatusLabel } from './job-labels.js';
import { externalQuietNote, noDataWarning, receivesNothing } from './no-data.js';

describe('noDataWarning', () => {
  const quiet = { state: 'running' as const, noDataSeconds: 12 };

  it('says when hubget reconnects while nothing arrives and nothing failed', () => {
    expect(noDataWarning(jobFixture(quiet), 30_000)).toBe(
      'No data for 12 s — hubget reconnects by itself in 18 s (after 30 s without data)',
    );
  });

  it('counts down to the reconnect, and says "now" once the timeout is reached before the server flags the stall', () => {
    expect(noDataWarning(jobFixture({ ...quiet, noDataSeconds: 29 }), 30_000)).toBe(
      'No data for 29 s — hubget reconnects by itself in 1 s (after 30 s without data)',
    );
    expect(noDataWarning(jobFixture({ ...quiet, noDataSeconds: 30 }), 30_000)).toBe(
      'No data for 30 s — hubget reconnects by itself now (after 30 s without data)',
    );
    expect(noDataWarning(jobFixture(quiet), null)).toBe('No data for 12 s');
  });

  it('says what fails and which try comes next while a job rides out an outage', () => {
    const refused = {
      attempt: 7,
      message: 'Network error (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:18904',
      unreachable: { code: 'ECONNREFUSED', host: '127.0.0.1:18904' },
      limit: null,
    };
    expect(noDataWarning(jobFixture({ ...quiet, retrying: refused }), 30_000)).toBe(
      'Cannot reach 127.0.0.1:18904 (ECONNREFUSED) — retrying (try 8)',
    );
    // The server says which host and why; the message's wording is not read (a lookup that failed names
    // the host the error names, whatever the message says).
    const lookup = {
      attempt: 3,
      message: 'Cannot reach the server: getaddrinfo failed. Check the network',
      unreachable: { code: 'ENOTFOUND', host: 'hub.example' },
      limit: null,
    };
    expect(noDataWarning(jobFixture({ ...quiet, retrying: lookup }), 30_000)).toBe(
      'Cannot reach hub.example (ENOTFOUND) — retrying (try 4)',
    );
    const nameless = { ...lookup, unreachable: { code: 'ECONNREFUSED', host: null } };
    expect(noDataWarning(jobFixture({ ...quiet, retrying: nameless }), 30_000)).toBe(
      'Cannot reach the server (ECONNREFUSED) — retrying (try 4)',
    );
    const status = {
      attempt: 2,
      message: 'HTTP 503 Service Unavailable from the CDN',
      unreachable: null,
      limit: null,
    };
    expect(noDataWarning(jobFixture({ ...quiet, stalled: true, retrying: status }), 30_000)).toBe(
      'HTTP 503 Service Unavailable from the CDN — retrying (try 3)',
    );
    // Bytes arriving: no warning at all.
    expect(
      noDataWarning(jobFixture({ state: 'running', noDataSeconds: 0, retrying: refused }), 30_000),
    ).toBeNull();
  });

  it('says the retry limit the engine applies: a count of tries, or a time without progress', () => {
    const failing = { attempt: 7, message: 'HTTP 500 from the CDN', unreachable: null };
    expect(
      noDataWarning(jobFixture({ ...quiet, retrying: { ...failing, limit: { failures: 40 } } }), 30_000),
    ).toBe('HTTP 500 from the CDN — retrying (try 8 of 40)');
    const refused = {
      attempt: 24,
      message: 'connect ECONNREFUSED',
      unreachable: { code: 'ECONNREFUSED', host: '127.0.0.1:47220' },
      limit: { forMs: 300_000 },
    };
    expect(noDataWarning(jobFixture({ ...quiet, retrying: refused }), 30_000)).toBe(
      'Cannot reach 127.0.0.1:47220 (ECONNREFUSED) — retrying (try 25), for up to 5 min without progress',
    );
    // A count already passed (other failures counted apart under a time budget) is not claimed.
    expect(
      noDataWarning(jobFixture({ ...quiet, retrying: { ...failing, limit: { failures: 5 } } }), 30_000),
    ).toBe('HTTP 500 from the CDN — retrying (try 8)');
  });
});

describe("another program's download", () => {
  // The screenshot's row: 16 s without file activity, under the 30 s stall timeout (the watcher's `stalled`).
  const quiet = jobFixture({ kind: 'external', state: 'running', noDataSeconds: 16, speed: 0, eta: null });

  it('reads "Stalled" by the stall rule alone, and says its quiet seconds before', () => {
    expect(receivesNothing(quiet)).toBe(false);
    expect([jobStateLabel(quiet), jobTone(quiet)]).toEqual(['Downloading', 'active']);
    expect(modelStatusLabel({ status: 'downloading', job: quiet, activeJobs: [quiet] })).toBe(
      'Downloading 49.0%',
    );
    // Said as a note, not a warning.
    expect(noDataWarning(quiet, 30_000)).toBeNull();
    expect(externalQuietNote(quiet)).toBe('No file activity for 16 s');
    expect(externalQuietNote({ ...quiet, noDataSeconds: 4 })).toBeNull();

    const stalled = { ...quiet, noDataSeconds: 31, stalled: true, stallReason: 'No file activity for 31 s' };
    expect(receivesNothing(stalled)).toBe(true);
    expect([jobStateLabel(stalled), jobTone(stalled)]).toEqual(['Stalled', 'warning']);
    expect(modelStatusLabel({ status: 'downloading', job: stalled, activeJobs: [stalled] })).toBe(
      'Stalled at 49.0%',
    );
    expect(noDataWarning(stalled, 30_000)).toBe('No file activity for 31 s');
    expect(externalQuietNote(stalled)).toBeNull();
  });

  it('leaves hubget’s own job as it was: "Stalled" from its fifth second without a byte', () => {
    const own = jobFixture({ state: 'running', noDataSeconds: 16 });
    expect([jobStateLabel(own), jobTone(own)]).toEqual(['Stalled', 'warning']);
    expect(externalQuietNote(own)).toBeNull();
  });
});
