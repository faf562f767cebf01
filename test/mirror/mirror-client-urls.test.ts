/**
 * GET /api/mirror says where other machines reach `/hf`: on a 0.0.0.0 bind, a URL per IPv4 address of the
 * machine's interfaces (each answers a file); on a loopback bind none (the Settings page then says the
 * mirror is not reachable from the LAN). Traffic stays on this machine: its own addresses only.
 */
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorStatusView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { API_TOKEN, type MirrorHarness, startMirror } from './mirror-harness.js';

let hub: TestHub;
let loopback: MirrorHarness;
let wildcard: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/open', files: [{ path: 'a.txt', content: 'hello' }] });
  loopback = await startMirror({ hub });
  wildcard = await startMirror({ hub, host: '0.0.0.0' });
}, 60_000);

afterAll(async () => {
  await loopback?.close();
  await wildcard?.close();
  await hub?.close();
});

async function statusOf(mirror: MirrorHarness): Promise<MirrorStatusView> {
  const response = await fetch(`${mirror.server.url}/api/mirror`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as MirrorStatusView;
}

describe('GET /api/mirror clientUrls', () => {
  it('is empty on a loopback bind', async () => {
    expect((await statusOf(loopback)).clientUrls).toEqual([]);
  });

  // A machine with no LAN address (only loopback) has nothing to list here: the unit test of
  // src/system/lan-addresses.ts covers the rule on an injected interface table.
  const lanIpv4 = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal && !entry.address.startsWith('169.254.'))
    .map((entry) => entry.address);
  it.runIf(lanIpv4.length > 0)(
    'lists every interface IPv4 address on a 0.0.0.0 bind, each serving /hf',
    async () => {
      const { clientUrls } = await statusOf(wildcard);
      const port = wildcard.server.port;
      const ipv4 = lanIpv4.map((address) => `http://${address}:${port}/hf`);
      expect([...(clientUrls ?? [])].sort()).toEqual([...new Set(ipv4)].sort());
      for (const url of clientUrls ?? []) {
        const file = await fetch(`${url}/org/open/resolve/main/a.txt`);
        expect(await file.text()).toBe('hello');
      }
    },
  );
});
