/** The Hub endpoint rule, pure (no Node imports): the CLI, the server and the web UI's settings form use it. */
import { HubgetError } from '../errors.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/**
 * The one check of a Hub endpoint (flag, HF_ENDPOINT, the server's setting): an http(s) URL without
 * credentials (the token travels in a header, docs/hub-protocol.md §1.2), trailing `/` removed. `name` says
 * where the value came from in the error (`--endpoint`, `HF_ENDPOINT`), which names the value once and what a
 * valid one looks like: `--endpoint "huggingface.co" is not an http(s) URL like https://huggingface.co`.
 */
export function normaliseEndpoint(raw: unknown, name = 'Hub endpoint'): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `${name} "${String(raw)}" is not an http(s) URL like ${DEFAULT_ENDPOINT}`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new HubgetError('INVALID_ARGUMENT', `${name} must not carry credentials; set the token instead`);
  }
  return text.replace(/\/+$/, '');
}
