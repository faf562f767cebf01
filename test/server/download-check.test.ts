/**
 * POST /api/downloads asks the Hub before it queues, against the real server and the test hub: a repo or
 * revision the Hub does not have for the token is 404, a gated repo without access 403, each with the
 * preview's message and no job created; a gated repo with access, several revisions and a quantization are
 * queued; patterns that leave no file of the revision are 404 ENTRY_NOT_FOUND with the plan's (the CLI's)
 * message; a listing with an unsafe path among the files the download takes is 400 UNSAFE_PATH, as the preview;
 * a Hub that cannot be asked (5xx, refused connections, no answer in time) queues all the same and
 * says so in the `hubget-hub-check` header. A queued job carries the size the check's answers told (the size
 * the preview showed), where they listed every file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, JobView, PreviewResponse } from '../../src/api-types.js';
import { SIBLINGS_LISTING_MAX } from '../../src/hub/resolve-snapshot.js';
import { HUB_CHECK_DEADLINE_MS } from '../../src/jobs/download-check.js';
import { addAccessRepos } from '../hub/access-fixtures.js';
import { closedPort } from '../support/closed-port.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;
let smallCommit: string;

beforeAll(async () => {
  // Jobs retry fast: a job queued while the Hub is down fails in moments instead of riding out minutes.
  h = await startHarness({}, {}, { retryPolicy: { delayScale: 0.01, outageBudgetMs: 500 } });
  const small = await h.hub.addRepo({
    repoId: 'org/small',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model-Q4_K_M.gguf', size: 20_000 },
      { path: 'model-Q8_0.gguf', size: 30_000 },
    ],
    revisions: ['v1.0'],
  });
  smallCommit = small.commit;
  await addAccessRepos(h.hub);
  // More files than the revision info's siblings may list: the check's paths come from the tree.
  const many = Array.from({ length: SIBLINGS_LISTING_MAX + 1 }, (_, i) => ({
    path: `f/${i}.txt`,
    content: 'x',
  }));
  await h.hub.addRepo({ repoId: 'org/many', files: many });
}, 60_000);

afterAll(() => h.cleanup());

const post = (body: object) => h.api<JobView & ApiError>('POST', '/api/downloads', body);
const jobCount = async () => (await h.api<JobView[]>('GET', '/api/downloads')).body.length;
const preview = async (body: object) =>
  (await h.api<Partial<PreviewResponse & ApiError>>('POST', '/api/downloads/preview', body)).body;

async function hubCheckOf(body: object): Promise<string | null> {
  const response = await fetch(`${h.server.url}/api/downloads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(201);
  return response.headers.get('hubget-hub-check');
}

async function withToken(token: string, run: () => Promise<void>): Promise<void> {
  const set = await h.api('PUT', '/api/settings', { hfToken: token });
  expect(set.status, set.text).toBe(200);
  try {
    await run();
  } finally {
    await h.api('PUT', '/api/settings', { hfToken: null });
  }
}

/**
 * `body` is refused with `status` and `code` and the preview's message (its `message`, or the error it answers
 * instead), and no job is created.
 */
async function expectRefused(body: object, status: number, code: string): Promise<string> {
  const before = await jobCount();
  const answer = await post(body);
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.message).toBe((await preview(body)).message);
  expect(await jobCount()).toBe(before);
  return answer.body.message;
}

describe('POST /api/downloads without a token', () => {
  it.each(['org/nope', 'org/secret'])(
    '%s: 404 REPO_NOT_FOUND, not found or private or gated',
    async (repoId) => {
      const message = await expectRefused({ repoId }, 404, 'REPO_NOT_FOUND');
      expect(message).toBe(
        `${repoId} was not found on ${h.hub.url} or is private or gated: check the id, and if you have ` +
          'access, set a Hugging Face token in Settings',
      );
    },
  );

  it('a revision the repo does not have: 404 REVISION_NOT_FOUND', async () => {
    const message = await expectRefused(
      { repoId: 'org/small', revision: 'no-such-branch' },
      404,
      'REVISION_NOT_FOUND',
    );
    expect(message).toMatch(/Revision "no-such-branch" not found in model org\/small/);
  });

  it('a gated repo: 403 GATED_REPO, where to ask for access', async () => {
    const message = await expectRefused({ repoId: 'org/gated' }, 403, 'GATED_REPO');
    expect(message).toBe(
      `org/gated is gated: request access at ${h.hub.url}/org/gated and then set a Hugging Face token in Settings`,
    );
  });

  it('queues several revisions and quantizations of a repo the Hub serves, checked', async () => {
    const before = await jobCount();
    expect(await hubCheckOf({ repoId: 'org/small' })).toBe('checked');
    expect(await hubCheckOf({ repoId: 'org/small', revision: 'v1.0', localDir: 'small-v1' })).toBe('checked');
    expect(await hubCheckOf({ repoId: 'org/small', revision: smallCommit, localDir: 'small-pin' })).toBe(
      'checked',
    );
    for (const quant of ['Q4_K_M', 'Q8_0']) {
      const body = { repoId: 'org/small', include: [`*${quant}*.gguf`], name: `small ${quant}` };
      expect(await hubCheckOf(body)).toBe('checked');
    }
    expect(await jobCount()).toBe(before + 5);
  });
});

describe('POST /api/downloads: patterns that leave no file', () => {
  it("404 ENTRY_NOT_FOUND with the plan's message, the CLI's", async () => {
    const message = await expectRefused(
      { repoId: 'org/small', include: ['nomatch*'] },
      404,
      'ENTRY_NOT_FOUND',
    );
    expect(message).toBe(
      'No file of org/small at revision main is left by the patterns (include "nomatch*"): they rule out all ' +
        'of the 3 files it lists',
    );
    await expectRefused(
      { repoId: 'org/small', revision: 'v1.0', include: ['*.gguf'], exclude: ['model-*'] },
      404,
      'ENTRY_NOT_FOUND',
    );
  });

  it('a repo the revision info cannot list: its tree is matched', async () => {
    const message = await expectRefused({ repoId: 'org/many', include: ['g/*'] }, 404, 'ENTRY_NOT_FOUND');
    expect(message).toMatch(/they rule out all of the 1,?001 files it lists$/);
    expect(await hubCheckOf({ repoId: 'org/many', include: [`f/${SIBLINGS_LISTING_MAX}.txt`] })).toBe(
      'checked',
    );
  });

  it('a gated repo lists its files to anyone: the patterns before access, as the preview has it', async () => {
    await expectRefused({ repoId: 'org/gated', include: ['nomatch*'] }, 404, 'ENTRY_NOT_FOUND');
    await withToken(h.hub.token, async () => {
      await expectRefused({ repoId: 'org/gated-denied', include: ['nomatch*'] }, 404, 'ENTRY_NOT_FOUND');
      await expectRefused({ repoId: 'org/gated-denied', include: ['*.bin'] }, 403, 'GATED_REPO');
    });
  });
});

describe('POST /api/downloads with a listing that has unsafe paths', () => {
  it('refuses what the preview refuses, 400 UNSAFE_PATH, from the paths it read anyway; queues what it takes safely', async () => {
    h.hub.setFaults({ hostileTree: true });
    try {
      const message = await expectRefused({ repoId: 'org/small', localDir: 'hostile' }, 400, 'UNSAFE_PATH');
      expect(message).toMatch(
        /^The listing of org\/small contains an unsafe entry; nothing was downloaded\. /,
      );
      // Patterns that keep none of the unsafe paths: the plan takes only safe files, and so does the check.
      const kept = { repoId: 'org/small', include: ['config.json'], localDir: 'hostile-kept-out' };
      expect((await preview(kept)).message).toBeNull();
      expect(await hubCheckOf(kept)).toBe('checked');
    } finally {
      h.hub.resetFaults();
    }
  });
});

describe('POST /api/downloads: the queued job carries the size the check was told', () => {
  // Which Hub calls the check makes (one, with blobs): src/hub/download-access.hub.test.ts.
  it('the size and file count the preview shows, patterns applied', async () => {
    const bodies = [
      { repoId: 'org/small', localDir: 'size-all' },
      { repoId: 'org/small', include: ['*Q8_0*.gguf', '*.json'], localDir: 'size-quant' },
    ];
    for (const body of bodies) {
      const shown = await preview(body);
      const answer = await post(body);
      expect(answer.status, answer.text).toBe(201);
      // At creation, before its plan: it said "size known at start" (total 0).
      expect(answer.body).toMatchObject({ total: shown.totalBytes, filesTotal: shown.files!.length });
    }
  });

  it('a repo the revision info cannot list queues with its size unknown (no listing for it)', async () => {
    const answer = await post({ repoId: 'org/many', localDir: 'size-many' });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toMatchObject({ total: 0, filesTotal: 0 });
  });
});

describe('POST /api/downloads with a token', () => {
  it('a gated repo the token has access to is queued', async () => {
    await withToken(h.hub.token, async () => {
      const answer = await post({ repoId: 'org/gated' });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body).toMatchObject({ repoId: 'org/gated', state: expect.any(String) });
      const secret = await post({ repoId: 'org/secret' });
      expect(secret.status, secret.text).toBe(201);
    });
  });

  it("a gated repo the token's account has no access to: 403 GATED_REPO", async () => {
    await withToken(h.hub.token, async () => {
      const message = await expectRefused({ repoId: 'org/gated-denied' }, 403, 'GATED_REPO');
      expect(message).toBe(
        `org/gated-denied is gated and the token has no access to it yet: request access at ${h.hub.url}/org/gated-denied`,
      );
    });
  });

  it('a gated repo whose `/resolve/` does not accept the token: 403 GATED_REPO saying so', async () => {
    // `/resolve/` answers the token 401 GatedRepo, as the Hub does a token it does not accept (§1.7). A repo
    // of its own: org/gated is queued by the test above (a second POST answers that job).
    await h.hub.addRepo({ repoId: 'org/gated-rejected', gated: true, files: [{ path: 'a.bin', size: 100 }] });
    h.hub.setFaults({ status: { status: 401, on: 'resolve', errorCode: 'GatedRepo' } });
    try {
      await withToken(h.hub.token, async () => {
        const message = await expectRefused({ repoId: 'org/gated-rejected' }, 403, 'GATED_REPO');
        expect(message).toBe(
          'org/gated-rejected is gated and the Hub did not accept the token: set a valid Hugging Face token in ' +
            `Settings, of an account that has access (request it at ${h.hub.url}/org/gated-rejected)`,
        );
      });
    } finally {
      h.hub.resetFaults();
    }
  });

  it('a wrong token: 401 UNAUTHORIZED, the Hub rejected it (before any gating)', async () => {
    await withToken('hf_not_the_right_one', async () => {
      const message = await expectRefused({ repoId: 'org/gated-denied' }, 401, 'UNAUTHORIZED');
      expect(message).toMatch(/^The Hub rejected the token \(GET .*\): check it, or create a new token$/);
    });
  });

  it("a missing repo: 404 REPO_NOT_FOUND with the Hub's message", async () => {
    await withToken(h.hub.token, async () => {
      const message = await expectRefused({ repoId: 'org/nope' }, 404, 'REPO_NOT_FOUND');
      expect(message).toMatch(/^Model org\/nope not found on .* \(or it is private\)/);
    });
  });

  it('a token the Hub rejects: 401 UNAUTHORIZED', async () => {
    await withToken('hf_not_a_valid_token', async () => {
      await expectRefused({ repoId: 'org/small', localDir: 'small-bad-token' }, 401, 'UNAUTHORIZED');
    });
  });
});

describe('POST /api/downloads when the Hub cannot be asked', () => {
  it('a Hub answering 503 to every API call: queued, unchecked', async () => {
    h.hub.setFaults({ status: { status: 503, on: 'api' } });
    try {
      expect(await hubCheckOf({ repoId: 'org/nope', localDir: 'down-503' })).toBe(
        'unchecked; code=HUB_HTTP_ERROR',
      );
    } finally {
      h.hub.resetFaults();
    }
  });

  it('a Hub that refuses connections: queued, unchecked', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const set = await h.api('PUT', '/api/settings', { endpoint });
    expect(set.status, set.text).toBe(200);
    try {
      expect(await hubCheckOf({ repoId: 'org/nope', localDir: 'down-refused' })).toBe(
        'unchecked; code=NETWORK_UNREACHABLE',
      );
    } finally {
      await h.api('PUT', '/api/settings', { endpoint: h.hub.url });
    }
  });

  it('a Hub that does not answer in time: queued, unchecked, after the deadline', async () => {
    h.hub.setFaults({ latency: { ms: HUB_CHECK_DEADLINE_MS + 2_000 } });
    try {
      const started = Date.now();
      expect(await hubCheckOf({ repoId: 'org/nope', localDir: 'down-slow' })).toBe('unchecked; code=ABORTED');
      expect(Date.now() - started).toBeLessThan(HUB_CHECK_DEADLINE_MS + 1_500);
    } finally {
      h.hub.resetFaults();
    }
  }, 20_000);
});
