/**
 * The URL one file's connections GET, shared by its lanes: the resolver's `/resolve/` URL at first, then the
 * final URL the first response was redirected to (docs/hub-downloaders.md §6.6: range-GET the redirect
 * target instead of asking the resolver again for every range). When the signed URL expires (403/410),
 * one refresh per URL generation: lanes that saw the same generation fail share it.
 */
import { HubgetError } from '../errors.js';
import { ofFile } from '../format/path-punctuation.js';
import type { UrlResolver } from './types.js';

export interface CurrentUrl {
  url: string;
  headers: Record<string, string>;
  generation: number;
}

export class TransferUrl {
  readonly #resolve: UrlResolver;
  readonly #path: string;
  readonly #onRefreshed: () => void;
  #url: CurrentUrl | undefined;
  #promise: Promise<CurrentUrl> | undefined;
  #refreshesWithoutProgress = 0;
  /** Generation whose final URL is known (-1: none yet). */
  #locatedGeneration = -1;
  /**
   * One request per generation goes to the resolver's URL first; the other lanes wait for it and then
   * range-GET its final URL, so an expiry costs one GET on `/resolve/`, not one per connection (§1.8).
   */
  #probe: { generation: number; done: Promise<void>; resolve: () => void } | undefined;

  constructor(resolve: UrlResolver, path: string, onRefreshed: () => void) {
    this.#resolve = resolve;
    this.#path = path;
    this.#onRefreshed = onRefreshed;
  }

  /** True once a response told where the bytes are (the final URL after redirects). */
  get located(): boolean {
    return this.#locatedGeneration >= 0;
  }

  /** The URL to request next; waits while another lane is finding out where this generation leads. */
  async current(): Promise<CurrentUrl> {
    for (;;) {
      const url = await this.#resolved();
      if (this.#locatedGeneration >= url.generation) return url;
      if (this.#probe === undefined || this.#probe.generation !== url.generation) {
        let resolve = () => {};
        const done = new Promise<void>((settle) => {
          resolve = settle;
        });
        this.#probe = { generation: url.generation, done, resolve };
        return url;
      }
      await this.#probe.done;
    }
  }

  /** The request made with `used` is over (answered or failed): a lane waiting on it may go on. */
  settled(used: CurrentUrl): void {
    const probe = this.#probe;
    if (probe?.generation !== used.generation) return;
    this.#probe = undefined;
    probe.resolve();
  }

  async #resolved(): Promise<CurrentUrl> {
    if (this.#url) return this.#url;
    this.#promise ??= this.#resolve('initial').then(
      (resolved) => {
        this.#url = { ...resolved, generation: 0 };
        return this.#url;
      },
      (error: unknown) => {
        this.#promise = undefined;
        throw error;
      },
    );
    return this.#promise;
  }

  /** A response to `used` arrived from `finalUrl`: the next ranges go there directly. */
  noteResponse(used: CurrentUrl, finalUrl: string): void {
    this.#locatedGeneration = Math.max(this.#locatedGeneration, used.generation);
    this.settled(used);
    if (finalUrl !== used.url && this.#url?.generation === used.generation) {
      this.#url = { ...used, url: finalUrl, headers: headersForRedirect(used.url, finalUrl, used.headers) };
    }
  }

  /** Bytes arrived: fresh URLs are working again. */
  progressed(): void {
    this.#refreshesWithoutProgress = 0;
  }

  async refresh(generationUsed: number, error: HubgetError): Promise<void> {
    const current = this.#url;
    if (current && current.generation > generationUsed) return;
    if (this.#promise && this.#url === undefined) {
      await this.#promise.catch(() => {});
      return;
    }
    if (this.#refreshesWithoutProgress >= 2) {
      throw new HubgetError(
        error.status === 410 ? 'URL_EXPIRED' : 'FORBIDDEN',
        ofFile(this.#path, `download URL still refused with ${error.status} after fetching a fresh one`),
        { cause: error, status: error.status },
      );
    }
    this.#refreshesWithoutProgress++;
    const nextGeneration = (current?.generation ?? 0) + 1;
    this.#url = undefined;
    this.#promise = this.#resolve('expired').then(
      (resolved) => {
        this.#url = { ...resolved, generation: nextGeneration };
        this.#onRefreshed();
        return this.#url;
      },
      (refreshError: unknown) => {
        this.#promise = undefined;
        this.#url = current;
        throw refreshError;
      },
    );
    await this.#promise;
  }
}

/**
 * The headers for a request at `to`, reached by a redirect from `from`: the token never follows a redirect to
 * another host (a signed CDN URL, docs/hub-downloaders.md §6.6).
 */
export function headersForRedirect(
  from: string,
  to: string,
  headers: Record<string, string>,
): Record<string, string> {
  return new URL(to).host === new URL(from).host ? headers : withoutAuthorization(headers);
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') result[name] = value;
  }
  return result;
}
