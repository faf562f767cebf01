/**
 * Which mirror URL Settings → Mirror tells the operator to give clients. The browser's own origin when it is
 * not a loopback address (the operator reached the server through it, so it works); otherwise, opened on the
 * mirror host or through an SSH tunnel, the server's `clientUrls` (the addresses its bind reaches: the first
 * is shown, the others listed). A server bound to loopback has none: the origin's URL then works on this
 * machine only, and `lanReachable` is false for the page to say so.
 */
import type { MirrorStatusView } from '../../../src/api-types.js';
import { isLoopbackHost } from '../../../src/bind-host.js';

export interface MirrorUrlChoice {
  url: string;
  /** Other URLs other machines can use. */
  others: string[];
  lanReachable: boolean;
}

export function chooseMirrorUrl(origin: string, status: MirrorStatusView): MirrorUrlChoice {
  const base = origin.replace(/\/+$/, '');
  const own = `${base}${status.path}`;
  const clientUrls = status.clientUrls ?? [];
  if (!isLoopbackHost(new URL(base).hostname)) {
    return { url: own, others: clientUrls.filter((url) => url !== own), lanReachable: true };
  }
  const [first, ...others] = clientUrls;
  return first === undefined
    ? { url: own, others: [], lanReachable: false }
    : { url: first, others, lanReachable: true };
}
