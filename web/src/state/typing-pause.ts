/**
 * How long a field's typing must pause before what it says is asked of the server: the Hub search's query
 * (hub-search.tsx), the model page's download preview (use-repo-destination.ts) and a folder's free disk
 * (use-folder-disk.ts). Typing a name asks once, for the name typed, not once per key.
 */
export const TYPING_PAUSE_MS = 300;

/**
 * For an effect: asks once typing has paused for TYPING_PAUSE_MS and hands the answer (or the failure) on, unless
 * the effect was cleaned up meanwhile (the field changed again: a late answer is of an old name). Returns the
 * cleanup.
 */
export function askAfterTypingPause<T>(
  ask: () => Promise<T>,
  onAnswer: (answer: T) => void,
  onFailure: (caught: unknown) => void,
): () => void {
  let current = true;
  const timer = setTimeout(() => {
    ask().then(
      (answer) => {
        if (current) onAnswer(answer);
      },
      (caught: unknown) => {
        if (current) onFailure(caught);
      },
    );
  }, TYPING_PAUSE_MS);
  return () => {
    current = false;
    clearTimeout(timer);
  };
}
