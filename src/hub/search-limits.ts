/** Page sizes of Hub search (no imports: the CLI reads them while registering its commands). */
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
