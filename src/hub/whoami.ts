/**
 * Whose token it is: `GET /api/whoami-v2` (what `hf auth whoami` and @huggingface/hub's `whoAmI` call,
 * docs/hub-downloaders.md §4). The Hub answers 401 for a token it does not know, which src/hub/hub-errors.ts
 * turns into `UNAUTHORIZED`. The token itself never appears in what this returns.
 */
import { HubgetError } from '../errors.js';
import { type HubCallOptions, hubJson } from './hub-request.js';
import type { HubConfig } from './types.js';
import { whoAmIUrl } from './urls.js';

/** The account a token belongs to, and the token's own name and role as the Hub describes them. */
export interface HubAccount {
  /** The user or organisation name, e.g. `alice`. */
  name: string;
  fullname: string | null;
  /** `user` or `org`. */
  type: string;
  /** The token's name on the Hub ("laptop"), when it says. */
  tokenName: string | null;
  /** `read`, `write` or `fineGrained`, when it says. */
  tokenRole: string | null;
}

interface WhoAmIAnswer {
  name?: unknown;
  fullname?: unknown;
  type?: unknown;
  auth?: { accessToken?: { displayName?: unknown; role?: unknown } };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Asks the Hub who `hub.token` belongs to; `INVALID_ARGUMENT` without a token, `UNAUTHORIZED` for a bad one. */
export async function whoAmI(hub: HubConfig, options: HubCallOptions = {}): Promise<HubAccount> {
  if (!hub.token) throw new HubgetError('INVALID_ARGUMENT', 'No Hugging Face token to check');
  const url = whoAmIUrl(hub.endpoint);
  const { data } = await hubJson<WhoAmIAnswer>(hub, url, options);
  const name = text(data?.name);
  if (!name) {
    throw new HubgetError('HUB_HTTP_ERROR', `${url} did not say whose token it is (is HF_ENDPOINT a Hub?)`);
  }
  const token = data.auth?.accessToken;
  return {
    name,
    fullname: text(data.fullname),
    type: text(data.type) ?? 'user',
    tokenName: text(token?.displayName),
    tokenRole: text(token?.role),
  };
}
