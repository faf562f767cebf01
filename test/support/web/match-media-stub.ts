/**
 * jsdom has no `window.matchMedia`; uPlot (the history's speed chart) reads it as it loads. Import this
 * module for its side effect BEFORE anything that loads uPlot: it defines a stub that matches no query.
 */
window.matchMedia ??= ((media: string) => ({
  matches: false,
  media,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
})) as typeof window.matchMedia;
