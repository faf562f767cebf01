/**
 * Hub HTTP answers → HubgetError with an actionable message (docs/hub-protocol.md §1.7, §1.8).
 * The X-Error-Code header decides first, as in Python's `hf_raise_for_status`; the token never appears.
 */
import { errorCodeOf, HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { type GatedDenial, gatedDenial } from './gated-denial.js';
import { type HeaderBag, headerValue } from './headers.js';
import { cannotReachMessage } from './network-failure-words.js';
import { isRetryableStatus, retryWhenWords, serverDelayMs } from './retry-policy.js';
import type { RepoRef } from './types.js';
import { redactUrl, repoPageUrl } from './urls.js';

export interface HubErrorContext {
  /** Request URL (the query is stripped from messages). */
  url: string;
  method?: string;
  endpoint: string;
  repo?: RepoRef;
  revision?: string;
  path?: string;
  /** Whether a token was sent with the request (changes the advice, never printed). */
  tokenSent?: boolean;
  /** Where the token sent came from (HubConfig.tokenFrom), for the CLI's hint when it is rejected. */
  tokenFrom?: string;
}

export interface HubResponseLike {
  status: number;
  headers: HeaderBag;
  /** Response body text, when read (JSON `{error}` is used as the server message). */
  bodyText?: string;
}

/** What the server said of its refusal: the JSON body's error when read, else the X-Error-Message header. */
export function serverMessage(response: HubResponseLike): string | undefined {
  const fromHeader = headerValue(response.headers, 'x-error-message');
  if (response.bodyText) {
    try {
      const body = JSON.parse(response.bodyText) as {
        error?: unknown;
        error_description?: unknown;
        message?: unknown;
      };
      const error = Array.isArray(body.error) ? body.error.join(', ') : body.error;
      const text = [error, body.error_description, body.message].find((v) => typeof v === 'string');
      if (typeof text === 'string' && text) return text;
    } catch {
      // not JSON
    }
  }
  return fromHeader;
}

function describeRepo(context: HubErrorContext): string {
  if (!context.repo) return 'the repository';
  const kind = context.repo.repoType === 'model' ? 'model' : context.repo.repoType;
  return `${kind} ${context.repo.repoId}`;
}

export function hubErrorFromResponse(response: HubResponseLike, context: HubErrorContext): HubgetError {
  const { status, headers } = response;
  const code = headerValue(headers, 'x-error-code');
  const message = serverMessage(response);
  const requestId = headerValue(headers, 'x-request-id') ?? headerValue(headers, 'x-amzn-trace-id');
  const where = `${context.method ?? 'GET'} ${redactUrl(context.url)}`;
  const details: Record<string, unknown> = { url: redactUrl(context.url), status };
  if (context.tokenSent !== undefined) details.tokenSent = context.tokenSent;
  if (context.tokenSent && context.tokenFrom !== undefined) details.tokenFrom = context.tokenFrom;
  if (code) details.errorCode = code;
  if (message) details.serverMessage = message;
  if (requestId) details.requestId = requestId;
  const repo = describeRepo(context);
  const base = { status, details };
  // Advice names no flag or setting: the CLI and the web UI each add where their token comes from
  // (src/cli/token-hint.ts, web/src/pages/model-page.tsx), by the code and `details.tokenSent`.

  if (code === 'RevisionNotFound') {
    return new HubgetError(
      'REVISION_NOT_FOUND',
      colonAfter(
        `Revision "${context.revision ?? '?'}" not found in ${repo}`,
        'check the branch, tag or commit name',
      ),
      base,
    );
  }
  if (code === 'EntryNotFound') {
    return new HubgetError(
      'ENTRY_NOT_FOUND',
      `File ${shellWord(context.path ?? '?')} not found in ${repo}${context.revision ? ` at revision ${context.revision}` : ''}`,
      base,
    );
  }
  if (code === 'GatedRepo') {
    const page = context.repo ? repoPageUrl(context.endpoint, context.repo) : context.endpoint;
    const advice = GATED_ADVICE[gatedDenial(status, context.tokenSent === true)](page);
    return new HubgetError('GATED_REPO', `${capitalise(repo)} is gated: ${advice}`, base);
  }
  if (message === 'Access to this resource is disabled.') {
    return new HubgetError('FORBIDDEN', `${repo} has been disabled on the Hub`, base);
  }
  const invalidCredentials = message === 'Invalid credentials in Authorization header';
  if (code === 'RepoNotFound' || (status === 401 && !invalidCredentials && isRepoScoped(context.url))) {
    const advice = context.tokenSent
      ? 'check the id, and that your token can read it if it is private'
      : 'check the id, or use a token that can read it if it is private';
    return new HubgetError(
      'REPO_NOT_FOUND',
      `${capitalise(repo)} not found on ${context.endpoint} (or it is private): ${advice}`,
      base,
    );
  }
  if (status === 401) {
    return new HubgetError(
      'UNAUTHORIZED',
      `The Hub rejected the token (${where}): check it, or create a new token`,
      base,
    );
  }
  if (status === 403) {
    return new HubgetError(
      'FORBIDDEN',
      `Forbidden (${where}): make sure your token has the correct permissions${message ? ` (${message})` : ''}`,
      base,
    );
  }
  if (code === 'MirrorOffline') {
    // A hubget mirror started with --mirror-offline that lacks what was asked (docs/mirror.md): not the Hub's
    // answer, and no temporary failure.
    return new HubgetError(
      'HUB_HTTP_ERROR',
      `${message ?? 'The mirror is offline (--mirror-offline)'} (${where})`,
      base,
    );
  }
  const retryAfterMs = serverDelayMs(status, headers);
  if (status === 429) {
    const bucket = /"([^"]+)"/.exec(headerValue(headers, 'ratelimit') ?? '')?.[1];
    const when = retryWhenWords(retryAfterMs);
    return new HubgetError(
      'RATE_LIMITED',
      `The Hub rate-limited this client${bucket ? ` (${bucket} bucket)` : ''}: ${when}${
        context.tokenSent ? '' : '; passing a token raises the limit'
      }`,
      { ...base, retryable: true, retryAfterMs },
    );
  }
  const retryable = isRetryableStatus(status);
  return new HubgetError(
    'HUB_HTTP_ERROR',
    `The Hub answered HTTP ${status} to ${where}${message ? `: ${message}` : ''}${
      retryable ? ' (usually temporary)' : ''
    }`,
    { ...base, retryable, retryAfterMs },
  );
}

/** What to do about each case of a gated repo's refusal (gated-denial.ts), `page` the repo's Hub page. */
const GATED_ADVICE: Record<GatedDenial, (page: string) => string> = {
  'no-token': (page) => `request access at ${page} and use a token of the account that has access`,
  'token-rejected': (page) => `the token was not accepted: request access at ${page} and use a valid token`,
  'no-access': (page) => `your token has not been granted access yet: request access at ${page}`,
};

function isRepoScoped(url: string): boolean {
  try {
    const path = new URL(url).pathname;
    return /^\/api\/(models|datasets|spaces)\//.test(path) || path.includes('/resolve/');
  } catch {
    return false;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A transport failure → NETWORK_UNREACHABLE (`Cannot reach {host}: the connection was refused (ECONNREFUSED). …`), retryable. */
export function networkError(error: unknown, url: string): HubgetError {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw text
  }
  const code = errorCodeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  return new HubgetError('NETWORK_UNREACHABLE', cannotReachMessage(host, code, text), {
    cause: error,
    retryable: true,
    details: { url: redactUrl(url), errorCode: code },
  });
}

/** Refusals a `/resolve/` GET can bring (docs/hub-protocol.md §1.7), told by hubErrorFromResponse. */
const REFUSAL_CODES = new Set([
  'GATED_REPO',
  'REPO_NOT_FOUND',
  'ENTRY_NOT_FOUND',
  'REVISION_NOT_FOUND',
  'FORBIDDEN',
]);

/**
 * A refusal of a file's `/resolve/` GET, told again with what the transfer that met it knows: the repo,
 * the file and whether a token went (fetch-range.ts sees only the URL and the answer). Other errors pass.
 */
export function refusalInContext(error: HubgetError, context: Omit<HubErrorContext, 'url'>): HubgetError {
  const details = error.details as
    | { url?: unknown; status?: unknown; errorCode?: unknown; serverMessage?: unknown }
    | undefined;
  if (!REFUSAL_CODES.has(error.code) || typeof details?.errorCode !== 'string') return error;
  if (typeof details.status !== 'number') return error;
  const headers: Record<string, string> = { 'x-error-code': details.errorCode };
  if (typeof details.serverMessage === 'string') headers['x-error-message'] = details.serverMessage;
  const url = typeof details.url === 'string' ? details.url : context.endpoint;
  return hubErrorFromResponse({ status: details.status, headers }, { ...context, url });
}
