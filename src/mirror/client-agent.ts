/**
 * What the mirror's "clients pulling now" names a client by beside its address: the first product of its User-Agent
 * (`huggingface_hub/0.26.2` of `huggingface_hub/0.26.2; python/3.11.4; session_id/…`, `hubget/0.1.0`), so two
 * programs of one machine are two rows. Printable ASCII only, at most AGENT_MAX_LENGTH characters; undefined for
 * none.
 */
const AGENT_MAX_LENGTH = 64;

export function clientAgent(userAgent: string | undefined): string | undefined {
  const first = userAgent
    ?.split(';')[0]
    ?.split(' ')[0]
    ?.replace(/[^\x21-\x7e]/g, '');
  return first ? first.slice(0, AGENT_MAX_LENGTH) : undefined;
}
