/** An event listener wrapped so that its throwing cannot break what emits to it (a transfer, a download run). */
import type { TransferEvent } from './events.js';

export function safeEmitter(listener: ((event: TransferEvent) => void) | undefined) {
  return (event: TransferEvent): void => {
    try {
      listener?.(event);
    } catch {
      // Listeners are observers; their failures are theirs.
    }
  };
}
