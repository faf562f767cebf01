/**
 * How long a field's typing must pause before what it says is asked of the server: the Hub search's query
 * (hub-search.tsx), the model page's download preview (use-repo-destination.ts) and a folder's free disk
 * (use-folder-disk.ts). Typing a name asks once, for the name typed, not once per key.
 */
export const TYPING_PAUSE_MS = 300;
