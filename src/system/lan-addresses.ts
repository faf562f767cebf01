/**
 * The addresses other machines can reach a server at, from the address it is bound to: on a wildcard bind
 * (`0.0.0.0`: IPv4 only; `::`: IPv4 and IPv6) every non-internal interface address, IPv4 first, otherwise
 * in the system's order (interfaces by index: the machine's own NICs before bridges added later), link-local
 * ones (fe80::/10, 169.254/16) only when there is nothing else; on a loopback bind none; on any other bind
 * that address. IPv6 addresses come in brackets, ready for a URL.
 */
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { hostForUrl, isLoopbackHost, isWildcardHost } from '../bind-host.js';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

interface Candidate {
  address: string;
  ipv6: boolean;
  linkLocal: boolean;
}

function isLinkLocal(address: string, ipv6: boolean): boolean {
  return ipv6 ? /^fe[89ab]/i.test(address) : address.startsWith('169.254.');
}

/** For a stable `sort`: IPv4 before IPv6, the system's order kept within each. */
function ipv4First(a: Candidate, b: Candidate): number {
  return Number(a.ipv6) - Number(b.ipv6);
}

export function lanAddresses(bindHost: string, interfaces: InterfaceTable = networkInterfaces()): string[] {
  if (isLoopbackHost(bindHost)) return [];
  if (!isWildcardHost(bindHost)) return [hostForUrl(bindHost)];
  const ipv4Only = bindHost === '0.0.0.0';
  const candidates: Candidate[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      const ipv6 = entry.family === 'IPv6';
      if (entry.internal || (ipv6 && ipv4Only)) continue;
      candidates.push({ address: entry.address, ipv6, linkLocal: isLinkLocal(entry.address, ipv6) });
    }
  }
  const routable = candidates.filter((candidate) => !candidate.linkLocal);
  const shown = (routable.length > 0 ? routable : candidates).sort(ipv4First);
  return [...new Set(shown.map(({ address }) => hostForUrl(address)))];
}
