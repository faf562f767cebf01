import { describe, expect, it } from 'vitest';
import type { MirrorStatusView } from '../../../src/api-types.js';
import { chooseMirrorUrl } from './mirror-url.js';

const lan = ['http://192.168.1.20:3000/hf', 'http://10.0.0.5:3000/hf', 'http://[fd00::10]:3000/hf'];
const status = (clientUrls: string[]): MirrorStatusView => ({ enabled: true, path: '/hf', clientUrls });

describe('chooseMirrorUrl', () => {
  it("keeps the browser's origin when it is not loopback, the server's other URLs after it", () => {
    expect(chooseMirrorUrl('http://mirror.lan:3000', status(lan))).toEqual({
      url: 'http://mirror.lan:3000/hf',
      others: lan,
      lanReachable: true,
    });
    expect(chooseMirrorUrl('http://10.0.0.5:3000/', status(lan))).toEqual({
      url: 'http://10.0.0.5:3000/hf',
      others: [lan[0], lan[2]],
      lanReachable: true,
    });
    // Behind a reverse proxy to a loopback-bound server: the proxy's name is what works.
    expect(chooseMirrorUrl('https://hub.example', status([]))).toEqual({
      url: 'https://hub.example/hf',
      others: [],
      lanReachable: true,
    });
  });

  it("shows the server's client URLs when opened through a loopback address (the host, an SSH tunnel)", () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:3000']) {
      expect(chooseMirrorUrl(origin, status(lan))).toEqual({
        url: lan[0],
        others: lan.slice(1),
        lanReachable: true,
      });
    }
  });

  it('says a loopback-bound mirror is not reachable from the LAN, keeping the URL that works here', () => {
    expect(chooseMirrorUrl('http://127.0.0.1:3000', status([]))).toEqual({
      url: 'http://127.0.0.1:3000/hf',
      others: [],
      lanReachable: false,
    });
  });
});
