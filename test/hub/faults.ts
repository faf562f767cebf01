/**
 * Scripted misbehaviour of the test hub. Every knob can be changed at any time (`hub.setFaults`),
 * and most can be aimed at one file (`path`, a repo path like `model.safetensors`, or `repoId/path`)
 * and limited to the first `times` matching responses (omitted: always).
 */

/** Common targeting: which file, how many times. */
export interface FaultTarget {
  /** Only requests for this file (repo path, or `repoId/path`). Omitted: every file. */
  path?: string;
  /** Only the first K matching responses (counted from when the fault was set). Omitted: always. */
  times?: number;
}

export type RequestKind = 'api' | 'resolve' | 'cdn';

export interface Faults {
  /** Pace each response body stream at this rate (a CDN that limits each stream). */
  perStreamBytesPerSecond: (FaultTarget & { bytesPerSecond: number }) | undefined;
  /** One shared budget across all body streams of hub + CDN. */
  globalBytesPerSecond: number | undefined;
  /** Delay before the response headers of every matching request (hub and CDN). */
  latency: (FaultTarget & { ms: number }) | undefined;
  /**
   * Hold every matching request before its answer until this fault is changed or cleared (`setFaults({ hold:
   * undefined })`, `resetFaults()`); it is then answered as the faults say at that moment (a `status` set while it
   * was held applies). A test decides the moment of an answer: no timing.
   */
  hold: FaultTarget | undefined;
  /** Destroy the socket after N body bytes. */
  dropAfterBytes: (FaultTarget & { bytes: number }) | undefined;
  /** Send N body bytes, then nothing for `stallMs`, then the rest. */
  stallAfterBytes: (FaultTarget & { bytes: number; stallMs: number }) | undefined;
  /**
   * Answer with this status instead (500, 503, 429, ...). `on` picks the requests: API calls, /resolve/
   * (HEAD and GET, resolve-cache included) or the CDN; default any. 429 carries
   * `RateLimit: "<bucket>";r=0;t=<retryAfterSeconds>` and `Retry-After`. `errorCode`: the answer's
   * `X-Error-Code` (say `GatedRepo` with 401: `/resolve/` refusing a token the API accepted).
   */
  status:
    | (FaultTarget & {
        status: number;
        on?: RequestKind | 'any';
        retryAfterSeconds?: number;
        errorCode?: string;
      })
    | undefined;
  /**
   * An exhausted quota, as the Hub's: the first matching request opens a window of `seconds`; it and every matching
   * request until the window ends are answered `429` (`RateLimit` t and `Retry-After`: the whole seconds left, at
   * least 1), after it they pass. One window per setting. `on` as `status`'s; default any.
   */
  rateLimitWindow: (Pick<FaultTarget, 'path'> & { seconds: number; on?: RequestKind | 'any' }) | undefined;
  /** Flip bytes (XOR 0xff) at these file offsets in served bodies (default: the middle byte). */
  corrupt: (FaultTarget & { offsets?: number[] }) | undefined;
  /** Lifetime of newly minted CDN URLs (default 3600 s); expired URLs answer 403. */
  cdnUrlTtlSeconds: number | undefined;
  /** Answer a ranged GET with `200` and the whole body. */
  ignoreRange: FaultTarget | undefined;
  /** CDN bodies carry another strong ETag (the object was replaced meanwhile; the bytes stay the same). */
  newEtag: FaultTarget | undefined;
  /** Inject hostile paths into tree listings, the revision info's siblings and paths-info (true: a built-in list). */
  hostileTree: boolean | string[] | undefined;
  /** Answer the revision info with `siblings: []`, as the Hub does for a repo too big to list them there. */
  noSiblings: boolean | undefined;
  /** Behave like a mirror that strips `X-Linked-*`, `Content-Length` and `X-Repo-Commit`. */
  mirrorMode: boolean | undefined;
}

export const HOSTILE_PATHS = ['../../escape', '/etc/passwd', 'a/../../b', '..\\..\\windows', 'C:\\evil.txt'];

export function noFaults(): Faults {
  return {
    perStreamBytesPerSecond: undefined,
    globalBytesPerSecond: undefined,
    latency: undefined,
    hold: undefined,
    dropAfterBytes: undefined,
    stallAfterBytes: undefined,
    status: undefined,
    rateLimitWindow: undefined,
    corrupt: undefined,
    cdnUrlTtlSeconds: undefined,
    ignoreRange: undefined,
    newEtag: undefined,
    hostileTree: undefined,
    noSiblings: undefined,
    mirrorMode: undefined,
  };
}

type CountedFault =
  | 'perStreamBytesPerSecond'
  | 'latency'
  | 'hold'
  | 'dropAfterBytes'
  | 'stallAfterBytes'
  | 'status'
  | 'corrupt'
  | 'ignoreRange'
  | 'newEtag';

/** Live faults plus how many times each counted fault has fired since it was set. */
export class FaultState {
  current: Faults = noFaults();
  private fired = new Map<CountedFault, number>();
  /** The requests held by the `hold` fault: each wakes when that fault is changed or cleared. */
  private holding = new Set<() => void>();
  /** When the rateLimitWindow fault's window ends (performance.now() ms); undefined before its first request. */
  private windowEndsMs: number | undefined;

  set(partial: Partial<Faults>): void {
    this.current = { ...this.current, ...partial };
    for (const key of Object.keys(partial)) this.fired.delete(key as CountedFault);
    if ('rateLimitWindow' in partial) this.windowEndsMs = undefined;
    if ('hold' in partial) this.releaseHeld();
  }

  reset(): void {
    this.current = noFaults();
    this.fired.clear();
    this.windowEndsMs = undefined;
    this.releaseHeld();
  }

  /** The whole seconds left of the rateLimitWindow fault's window for this request (opening it), or undefined. */
  rateLimitWindowLeft(
    kind: RequestKind,
    repoId: string | undefined,
    file: string | undefined,
  ): number | undefined {
    const fault = this.current.rateLimitWindow;
    if (!fault || ((fault.on ?? 'any') !== 'any' && fault.on !== kind)) return undefined;
    if (fault.path !== undefined && !matchesPath(fault.path, repoId, file)) return undefined;
    const now = performance.now();
    this.windowEndsMs ??= now + fault.seconds * 1000;
    const leftMs = this.windowEndsMs - now;
    return leftMs > 0 ? Math.max(1, Math.ceil(Math.round(leftMs) / 1000)) : undefined;
  }

  /** Resolves once `hold` (the fault that held a request) is no longer the current one, or `signal` aborts. */
  whileHeld(hold: NonNullable<Faults['hold']>, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        if (this.current.hold === hold && !signal.aborted) return;
        this.holding.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.holding.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      wake();
    });
  }

  private releaseHeld(): void {
    for (const wake of [...this.holding]) wake();
  }

  /**
   * The fault named `name` if it applies to a request for `file` (repo path) of `repoId`, consuming one
   * of its `times`. Untargeted faults apply to requests without a file too.
   */
  take<K extends CountedFault>(name: K, repoId: string | undefined, file: string | undefined): Faults[K] {
    const fault = this.peek(name, repoId, file);
    return fault && this.consume(name, fault) ? fault : undefined;
  }

  /** Like `take` without consuming: for faults that count only when they actually fire (drop, stall, corrupt). */
  peek<K extends CountedFault>(name: K, repoId: string | undefined, file: string | undefined): Faults[K] {
    const fault = this.current[name] as (FaultTarget & object) | undefined;
    if (!fault) return undefined;
    if (fault.path !== undefined && !matchesPath(fault.path, repoId, file)) return undefined;
    const fired = this.fired.get(name) ?? 0;
    if (fault.times !== undefined && fired >= fault.times) return undefined;
    return fault as Faults[K];
  }

  /** Count one firing of `fault` if it is still the current one and has times left; false otherwise. */
  consume(name: CountedFault, fault: object): boolean {
    if (this.current[name] !== fault) return false;
    const fired = this.fired.get(name) ?? 0;
    const times = (fault as FaultTarget).times;
    if (times !== undefined && fired >= times) return false;
    this.fired.set(name, fired + 1);
    return true;
  }
}

function matchesPath(target: string, repoId: string | undefined, file: string | undefined): boolean {
  if (file === undefined) return false;
  return target === file || (repoId !== undefined && target === `${repoId}/${file}`);
}

/**
 * Pacing by reservation: each caller books the next free slot of the budget and sleeps until it.
 * Writing then waiting gives a true average rate (hubget's speed tests rely on it).
 */
export class Pacer {
  private nextFreeMs: number;
  constructor(public bytesPerSecond: number) {
    this.nextFreeMs = performance.now();
  }

  /** Milliseconds to wait before `bytes` more may be sent. */
  reserve(bytes: number): number {
    const now = performance.now();
    // Never bank more than 100 ms of unused budget, so an idle stream cannot burst.
    const start = Math.max(this.nextFreeMs, now - 100);
    this.nextFreeMs = start + (bytes / this.bytesPerSecond) * 1000;
    return Math.max(0, start - now);
  }
}
