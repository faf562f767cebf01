/**
 * One ranged GET through undici's `dispatch` with a handler: the body's chunks go straight from the HTTP
 * parser to the caller's `data` callback (no Readable stream, no async iterator, no promise per chunk);
 * returning false pauses the socket until `resume()` (backpressure from the disk or a rate limit).
 * Redirects are followed by hand (at most MAX_REDIRECTS, without `authorization` once the host changes);
 * the final response is checked by fetch-range.ts: validateResponse.
 */
import type { Dispatcher } from 'undici';
import { HubgetError } from '../errors.js';
import { headerValue } from '../hub/headers.js';
import { redactUrl } from '../hub/urls.js';
import { MAX_REDIRECTS, type RangeRequest, type RangeResponse, validateResponse } from './fetch-range.js';
import { headersForRedirect } from './transfer-url.js';

export type { RangeResponse };

export interface RangeControl {
  pause(): void;
  resume(): void;
  /** Stops the request; `requestRange` rejects with `reason`. */
  abort(reason: Error): void;
}

export interface RangeBodySink {
  /** The final response passed validation. Throwing stops the request with that error. */
  start(response: RangeResponse, control: RangeControl): void;
  /** One body chunk; return false to pause the socket until `control.resume()`. */
  data(chunk: Buffer): boolean;
}

/** Resolves when the body ended; rejects with the network error, the validation error or an abort reason. */
export async function requestRange(range: RangeRequest, sink: RangeBodySink): Promise<void> {
  let url = range.url;
  let headers: Record<string, string> = {
    ...range.headers,
    range: `bytes=${range.start}-${range.end - 1}`,
    'accept-encoding': 'identity',
  };
  for (let redirects = 0; ; redirects++) {
    const { location, status } = await dispatchOnce(range, url, headers, sink);
    if (location === undefined) return;
    if (redirects >= MAX_REDIRECTS) {
      throw new HubgetError('HUB_HTTP_ERROR', `Too many redirects fetching ${redactUrl(range.url)}`, {
        status,
      });
    }
    const next = new URL(location, url).toString();
    headers = headersForRedirect(url, next, headers);
    url = next;
  }
}

/**
 * One request of `range` at `url`, redirects not followed: resolves with the redirect's `location` (its small
 * body read to the end), or, for a final response, once the sink has had the whole body.
 */
export function dispatchOnce(
  range: RangeRequest,
  url: string,
  headers: Record<string, string>,
  sink: RangeBodySink,
): Promise<{ location: string | undefined; status: number }> {
  return new Promise((resolve, reject) => {
    const { signal } = range;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let controller: Dispatcher.DispatchController | undefined;
    let location: string | undefined;
    let status = 0;
    let passing = false;
    let settled = false;
    const onAbort = () => controller?.abort(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      action();
    };
    const target = new URL(url);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(control) {
        controller = control;
        if (signal.aborted) control.abort(signal.reason as Error);
      },
      onResponseStart(control, statusCode, responseHeaders) {
        status = statusCode;
        if (statusCode < 200) return;
        const redirect = headerValue(responseHeaders, 'location');
        if (statusCode >= 300 && statusCode < 400 && statusCode !== 304 && redirect) {
          // The redirect's small body is read to its end so the socket stays reusable.
          location = redirect;
          return;
        }
        try {
          const response = validateResponse(range, url, statusCode, responseHeaders);
          passing = true;
          sink.start(response, {
            pause: () => control.pause(),
            resume: () => control.resume(),
            abort: (reason) => control.abort(reason),
          });
        } catch (error) {
          control.abort(error as Error);
        }
      },
      onResponseData(control, chunk) {
        if (passing && !sink.data(chunk)) control.pause();
      },
      onResponseEnd() {
        settle(() => resolve({ location, status }));
      },
      onResponseError(_control, error) {
        settle(() => reject(error));
      },
    };
    try {
      range.dispatcher.dispatch(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: 'GET',
          headers,
        },
        handler,
      );
    } catch (error) {
      settle(() => reject(error));
    }
  });
}
