// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MirrorStatusView } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { MirrorSection } from './mirror-section.js';

const base: MirrorStatusView = {
  enabled: true,
  path: '/hf',
  upstream: 'https://huggingface.co',
  offline: false,
  upstreamReachable: true,
  requests: { hit: 0, miss: 0, partial: 0, unavailable: 0 },
  clients: [],
};

describe('MirrorSection opened through a loopback address', () => {
  let server: ScriptedApi | undefined;

  afterEach(async () => {
    cleanup();
    await server?.close();
  });

  async function render(status: MirrorStatusView): Promise<HTMLElement> {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/mirror': () => ({ body: status }),
    });
    expect(new URL(window.location.origin).hostname).toBe('localhost');
    renderLive(server.api, <MirrorSection />);
    await screen.findByText('Client command line');
    return screen.getByRole('region', { name: 'Mirror' });
  }

  it("gives the server's LAN URLs, not the loopback origin", async () => {
    const section = await render({
      ...base,
      clientUrls: ['http://192.168.1.20:3000/hf', 'http://[fd00::10]:3000/hf'],
    });
    const text = section.textContent ?? '';
    expect(text).toContain('HF_ENDPOINT=http://192.168.1.20:3000/hf hf download');
    expect(text).toMatch(/Also reachable at\s*http:\/\/\[fd00::10\]:3000\/hf/);
    expect(text).not.toContain(window.location.origin);
    expect(text).not.toContain('cannot reach');
  });

  it('says a loopback-bound mirror is not reachable from other machines', async () => {
    const section = await render({ ...base, clientUrls: [] });
    const text = section.textContent ?? '';
    expect(text).toContain('other machines cannot reach this mirror');
    expect(text).toContain('--host 0.0.0.0');
    expect(text).toContain(`HF_ENDPOINT=${window.location.origin}/hf hf download`);
  });
});

describe('MirrorSection counters', () => {
  let server: ScriptedApi | undefined;

  afterEach(async () => {
    cleanup();
    await server?.close();
  });

  async function render(status: MirrorStatusView): Promise<string> {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [] }),
      'GET /api/mirror': () => ({ body: status }),
    });
    renderLive(server.api, <MirrorSection />);
    await screen.findByText('Client command line');
    return screen.getByRole('region', { name: 'Mirror' }).textContent ?? '';
  }

  it('shows "—" for the cache share before any byte was served, not 0 %', async () => {
    const text = await render({ ...base, clientUrls: [], bytesServed: 0, hitRatio: null });
    expect(text).toMatch(/Served from cache \(by bytes\)—/);
  });

  it('shows the share of the bytes served that came from the cache, and one row per client and file', async () => {
    const text = await render({
      ...base,
      clientUrls: [],
      bytesServed: 2000,
      bytesFromCache: 1000,
      hitRatio: 0.5,
      clients: [
        {
          client: '10.0.0.7',
          agent: 'hubget/0.1.0',
          repoId: 'org/x',
          path: 'w.bin',
          bytesSent: 4096,
          requests: 12,
          startedAt: '',
        },
        {
          client: '10.0.0.7',
          agent: null,
          repoId: 'org/x',
          path: 'w.bin',
          bytesSent: 10,
          requests: 1,
          startedAt: '',
        },
      ],
    });
    expect(text).toMatch(/Served from cache \(by bytes\)50\.0%/);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(text).toContain('org/x/w.bin12');
    // Two programs of one address: each named by its User-Agent's product, when it sent one.
    expect(
      screen.getAllByRole('row').map((row) => (row as HTMLTableRowElement).cells[0]?.textContent),
    ).toEqual(['Client', '10.0.0.7 hubget/0.1.0', '10.0.0.7']);
  });
});
