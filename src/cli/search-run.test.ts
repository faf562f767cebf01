import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../test/support/closed-port.js';
import { countConnectErrors } from '../../test/support/connect-errors.js';
import type { CliIo } from './cli-io.js';
import { runSearch } from './search-run.js';

describe('hubget search with the Hub down', () => {
  it('tries a refused host twice, as the web UI search does, not five times (≈ 10 s of backoff)', async () => {
    const port = await closedPort();
    const stderr = new PassThrough();
    let errors = '';
    stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const io: CliIo = { stdout: new PassThrough(), stderr, env: {}, onSignal: () => () => {} };
    const refused = countConnectErrors(port);
    try {
      const status = await runSearch(
        'llama',
        { sort: 'downloads', limit: 10, repoType: 'model', endpoint: `http://127.0.0.1:${port}` },
        io,
      );
      expect(status).toBe(1);
      expect(refused.count).toBe(2);
    } finally {
      refused.stop();
    }
    // The address once, the cause, what to check (the system's message named the address a second time).
    expect(errors).toBe(
      `error [NETWORK_UNREACHABLE]: Cannot reach 127.0.0.1:${port}: the connection was refused (ECONNREFUSED). ` +
        'Nothing listens there: check the Hub endpoint (HF_ENDPOINT) and that its server is running\n',
    );
  });
});
