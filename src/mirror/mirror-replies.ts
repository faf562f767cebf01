/**
 * The replies the mirror builds itself: a file's Hub headers, a Hub-shaped error (status, X-Error-Code,
 * X-Error-Message and a JSON body) and a Hub-shaped JSON answer; and the JSON of an answer passed through.
 */
import type { Readable } from 'node:stream';
import { headerText } from '../format/header-text.js';
import type { RepoFile } from '../hub/index.js';
import type { MirrorError } from './mirror-errors.js';

export interface MirrorReply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer | Readable;
  /** A line for the server log, not for the client (MirrorError.detail): the route logs it as a warning. */
  log?: string;
}

/** Headers that make every client store the same blob name and ref as from the Hub (§1.4). */
export function fileHeaders(commit: string, file: RepoFile): Record<string, string> {
  const headers: Record<string, string> = {
    'x-repo-commit': commit,
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
    etag: `"${file.oid}"`,
  };
  if (file.lfs) {
    headers['x-linked-etag'] = `"${file.lfs.oid}"`;
    headers['x-linked-size'] = String(file.lfs.size);
  }
  return headers;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function errorReply(error: MirrorError): MirrorReply {
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    'x-error-message': headerText(error.message),
    ...error.headers,
  };
  if (error.errorCode) headers['x-error-code'] = error.errorCode;
  return {
    status: error.status,
    headers,
    body: JSON.stringify({ error: error.message }),
    ...(error.detail === undefined ? {} : { log: error.detail }),
  };
}

/** A Hub-shaped JSON answer built by the mirror itself (offline). */
export function jsonReply(body: object): MirrorReply {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify(body),
  };
}

/** The JSON object of an upstream's 200 answer passed through (what the mirror learns from); else undefined. */
export function jsonObjectOf(reply: MirrorReply): Record<string, unknown> | undefined {
  if (reply.status !== 200 || !Buffer.isBuffer(reply.body)) return undefined;
  try {
    const data: unknown = JSON.parse(reply.body.toString('utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
