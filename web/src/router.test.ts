// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from './router.js';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('navigate', () => {
  it('opens a page whose query differs (the nav’s Models from a search), and only once', () => {
    window.history.replaceState(null, '', '/models?q=llama&tag=gguf');
    const entries = window.history.length;
    navigate('/models');
    expect(`${window.location.pathname}${window.location.search}`).toBe('/models');
    expect(window.history.length).toBe(entries + 1);
    navigate('/models');
    expect(window.history.length).toBe(entries + 1);
    navigate('/models/org/x?revision=v1');
    navigate('/models/org/x?revision=v1');
    expect(`${window.location.pathname}${window.location.search}`).toBe('/models/org/x?revision=v1');
    expect(window.history.length).toBe(entries + 2);
    // The revision picker's main: the page without `?revision=`.
    navigate('/models/org/x');
    expect(`${window.location.pathname}${window.location.search}`).toBe('/models/org/x');
  });
});
