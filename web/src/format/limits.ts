/** Bounds the UI enforces before asking the server (which validates again). */
export const MAX_PARALLEL = 16;
