/**
 * Everything that goes wrong talking to the server becomes a UiError carrying only a readable message
 * (the server's ApiError.message when there is one; a refused field of a form said with the form's label,
 * field-labels.ts). Raw bodies, stack traces and tokens never reach the screen.
 */
import { printableLine } from '../format/printable.js';
import { type FormField, fieldRefusal, formFieldOf } from './field-labels.js';

export class UiError extends Error {
  readonly code: string;
  readonly status: number | null;
  /** The form field the server refused (its answer's `field`), for the form to mark; null for any other error. */
  readonly field: FormField | null;

  constructor(
    message: string,
    code = 'UI_ERROR',
    status: number | null = null,
    field: FormField | null = null,
  ) {
    super(message);
    this.name = 'UiError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'The Hub refused the request: a valid token is needed.',
  403: 'Access denied: this repository may be gated — accept its terms on the Hub and set a token.',
  404: 'Not found.',
  409: 'That conflicts with the current state; refresh and try again.',
  413: 'The request was too large.',
  429: 'Too many requests; try again in a moment.',
  500: 'The server hit an internal error.',
  502: 'The Hub could not be reached.',
  503: 'The server is busy or shutting down; try again shortly.',
  507: 'Not enough free disk space.',
};

const TOKEN_PATTERN = /\bhf_[A-Za-z0-9]{8,}\b/g;
const MAX_MESSAGE_CHARS = 300;

/**
 * Keeps a server message presentable: one paragraph, no token, no stack trace, control and bidi-override
 * characters (a hostile file name quoted in it) shown as escapes.
 */
export function sanitizeMessage(message: string): string {
  const firstBlock = message.split(/\n\s*at\s/)[0] ?? message;
  const cleaned = printableLine(firstBlock.replace(TOKEN_PATTERN, 'hf_…').replace(/\s+/g, ' ').trim());
  return cleaned.length > MAX_MESSAGE_CHARS ? `${cleaned.slice(0, MAX_MESSAGE_CHARS - 1)}…` : cleaned;
}

interface PickedApiError {
  code?: string;
  message?: string;
  /** A refused form field and why (ApiError `field`, `problem`), both known. */
  refused?: { field: FormField; problem: string };
}

function pickApiError(body: unknown): PickedApiError | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  // Accept both `{code, message}` (ApiError) and `{error: {code, message}}`.
  const inner =
    record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : record;
  const message = typeof inner.message === 'string' ? inner.message : undefined;
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  if (message === undefined && code === undefined) return null;
  const field = formFieldOf(inner.field);
  const problem = typeof inner.problem === 'string' && inner.problem !== '' ? inner.problem : null;
  return { code, message, ...(field !== null && problem !== null && { refused: { field, problem } }) };
}

/** Builds the UiError for a non-2xx response from its status and (possibly non-JSON) body text. */
export function errorFromResponse(status: number, bodyText: string): UiError {
  let body: unknown = null;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = null;
  }
  const apiError = pickApiError(body);
  const fallback = FALLBACK_BY_STATUS[status] ?? `The server answered with status ${status}.`;
  const refused = apiError?.refused;
  // A refused form field in the form's words ("Destination folder: …"), not the API's ("Invalid body field …").
  const said = refused ? fieldRefusal(refused.field, refused.problem) : apiError?.message;
  const message = said ? sanitizeMessage(said) : fallback;
  return new UiError(message || fallback, apiError?.code ?? `HTTP_${status}`, status, refused?.field ?? null);
}

/**
 * Whether the hubget server itself did not answer: the request failed (refused, reset, no network), or a
 * proxy in front of it (the dev server, nginx) answered 502/503/504 without an ApiError body. An answer
 * from hubget, an error one included, means it is reachable.
 */
export function isUnreachableError(error: unknown): boolean {
  if (!(error instanceof UiError)) return error instanceof TypeError;
  if (error.code === 'NETWORK') return true;
  return error.code.startsWith('HTTP_') && [502, 503, 504].includes(error.status ?? 0);
}

/** A message as a sentence: a full stop added unless it ends with one (or `!`, `?`). */
export function asSentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** A message for anything caught in the UI: UiErrors keep theirs, anything else gets a generic line. */
export function messageOf(error: unknown): string {
  if (error instanceof UiError) return error.message;
  if (error instanceof DOMException && error.name === 'AbortError') return 'The request was cancelled.';
  if (error instanceof TypeError) return 'Cannot reach the hubget server. Is it running?';
  return 'Something went wrong.';
}

/** The hubget server says the Hub did not answer: unreachable, or a 5xx / 429 from it (src/hub/hub-errors.ts). */
export function hubDidNotAnswer(error: unknown): boolean {
  if (!(error instanceof UiError)) return false;
  return ['NETWORK_UNREACHABLE', 'HUB_HTTP_ERROR', 'RATE_LIMITED'].includes(error.code);
}
