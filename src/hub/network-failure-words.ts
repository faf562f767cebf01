/**
 * A Hub request that got no answer, in words (hub-errors.ts networkError's message): the host once, what
 * happened, and what to check. The system's own message repeats the address (`connect ECONNREFUSED
 * 127.0.0.1:4179` after `Cannot reach 127.0.0.1:4179`), so a known failure is said in words with its code; an
 * unknown one keeps the system's message, the host taken out of it.
 */

/** Where the endpoint is set; the CLI's `--endpoint` wins over it, but the Hub client names no flag (docs/hub-client.md). */
const ENDPOINT_SETTING = 'the Hub endpoint (HF_ENDPOINT)';

const CHECK_NETWORK = `Check the network, ${ENDPOINT_SETTING} and any HTTPS_PROXY setting`;

/** What happened and what to check, by the system's error code. */
const FAILURES: Readonly<Record<string, { what: string; check: string }>> = {
  ECONNREFUSED: {
    what: 'the connection was refused',
    check: `Nothing listens there: check ${ENDPOINT_SETTING} and that its server is running`,
  },
  ENOTFOUND: {
    what: 'no such host',
    check: `Check the host name in ${ENDPOINT_SETTING}, the network and its DNS`,
  },
  EAI_AGAIN: { what: 'the name lookup failed for now', check: `${CHECK_NETWORK}, and its DNS` },
  EHOSTUNREACH: { what: 'no route to the host', check: CHECK_NETWORK },
  ENETUNREACH: { what: 'the network is unreachable', check: CHECK_NETWORK },
  ENETDOWN: { what: 'the network is down', check: CHECK_NETWORK },
  ETIMEDOUT: { what: 'the connection timed out', check: CHECK_NETWORK },
  UND_ERR_CONNECT_TIMEOUT: { what: 'the connection timed out', check: CHECK_NETWORK },
  ECONNRESET: { what: 'the connection was reset', check: CHECK_NETWORK },
};

/** What a known network failure is, in words (`the connection was refused` for ECONNREFUSED); else undefined. */
export function networkFailureWhat(code: string | undefined): string | undefined {
  return code === undefined ? undefined : FAILURES[code]?.what;
}

/**
 * `Cannot reach 127.0.0.1:4179: the connection was refused (ECONNREFUSED). Nothing listens there: check the Hub
 * endpoint (HF_ENDPOINT) and that its server is running`. `systemText`: the error's own message.
 */
export function cannotReachMessage(host: string, code: string | undefined, systemText: string): string {
  const known = code === undefined ? undefined : FAILURES[code];
  if (known) return `Cannot reach ${host}: ${known.what} (${code}). ${known.check}`;
  const detail = withoutHost(code && !systemText.includes(code) ? `${code} ${systemText}` : systemText, host);
  return `Cannot reach ${host}: ${detail}. ${CHECK_NETWORK}`;
}

/** `text` without `host` (and the space before it) where it names it again. */
function withoutHost(text: string, host: string): string {
  return text.split(` ${host}`).join('').split(host).join('').trim() || text;
}
