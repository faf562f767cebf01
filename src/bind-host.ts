/**
 * What kind of address a host name is, as `--host` binds it or a browser reached it: loopback (this machine
 * only) or a wildcard (every interface). Pure: the server's security rules and the web UI's mirror URL share it.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

export function isLoopbackHost(host: string): boolean {
  const name = bare(host);
  return LOOPBACK_HOSTS.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** `0.0.0.0` (every IPv4 interface) or `::` (every interface, IPv4 too on a dual-stack socket). */
export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(bare(host));
}

/** A host as it goes into a URL: an IPv6 address in brackets (once), anything else as it is. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
