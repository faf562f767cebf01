/**
 * The range requests one file has in flight, by segment (segmented-fetch.ts): each request's AbortController,
 * registered by segment-stream.ts (`track`) while its request runs, so that a request can be stopped where it
 * stands: its tail cut (TailStolen: the lane keeps what it wrote, the rest is cut again), every other request
 * cancelled when one lane takes over the whole file (SegmentCancelled), all of them when the file stops.
 */
import type { Segment } from './segment-scheduler.js';
import { SegmentCancelled, TailStolen } from './segment-stream.js';

export class SegmentRequests {
  readonly #controllers = new Map<Segment, AbortController>();

  /** A request for `segment` opened (its controller) or ended (undefined): SegmentStreamHost's `track`. */
  track(segment: Segment, controller: AbortController | undefined): void {
    if (controller) this.#controllers.set(segment, controller);
    else this.#controllers.delete(segment);
  }

  /** `segment` was cut short where it stands (SegmentScheduler.capInFlight, cutShort): its request stops. */
  cut(segment: Segment): void {
    this.#controllers.get(segment)?.abort(new TailStolen());
  }

  /** One request streams the whole file from byte 0 (the server ignored Range): every other one is cancelled. */
  cancelAllBut(segment: Segment): void {
    for (const [other, controller] of this.#controllers) {
      if (other !== segment) controller.abort(new SegmentCancelled());
    }
  }

  /** The file transfer stopped: every request still open is aborted. */
  abortAll(): void {
    for (const controller of this.#controllers.values()) controller.abort();
  }
}
