import { describe, expect, it } from 'vitest';
import { hubSearchPath, repoPagePath } from '../api/client.js';
import { UiError } from '../api/errors.js';
import { repoPageHref } from '../format/hub-values.js';
import { routeOf } from '../router.js';
import { loadErrorText, repoOfPath } from './model-page.js';

describe('model page addresses', () => {
  it('routes /models/{org}/{name} and /datasets/… to the model page, /models to the list', () => {
    expect(routeOf('/models/org/name')).toBe('model');
    expect(routeOf('/models/gpt2')).toBe('model');
    expect(routeOf('/datasets/org/data/')).toBe('model');
    expect(routeOf('/models')).toBe('models');
    expect(routeOf('/models/a/b/c')).toBe('models');
  });

  it('reads the repo from the path and builds links and API paths with every part encoded', () => {
    expect(repoOfPath('/models/Qwen/Qwen2.5-0.5B')).toEqual({
      repoType: 'model',
      repoId: 'Qwen/Qwen2.5-0.5B',
    });
    expect(repoOfPath('/datasets/org/data')).toEqual({ repoType: 'dataset', repoId: 'org/data' });
    expect(repoOfPath('/models/%E0%A4%A')).toBeNull();
    expect(repoPageHref('model', 'org/name')).toBe('/models/org/name');
    expect(repoPagePath('model', 'org/a b', 'refs/pr/1')).toBe(
      '/api/hub/repos/model/org/a%20b?revision=refs%2Fpr%2F1',
    );
    const search = new URL(
      hubSearchPath({ type: 'model', q: 'a&b=c/../#', sort: 'likes', filter: 'gguf' }),
      'http://x',
    );
    expect(search.pathname).toBe('/api/hub/search');
    expect(search.searchParams.get('q')).toBe('a&b=c/../#');
    expect(search.searchParams.get('filter')).toBe('gguf');
  });
});

describe('the model page load error', () => {
  it("adds where this UI keeps the token to a gated or missing repo's message, or a rejected token's, as its own sentence", () => {
    expect(
      loadErrorText(
        new UiError(
          'Model org/x not found on https://huggingface.co (or it is private): check the id, or use a token that can read it if it is private',
          'REPO_NOT_FOUND',
          404,
        ),
      ),
    ).toBe(
      'Model org/x not found on https://huggingface.co (or it is private): check the id, or use a token that can read it if it is private. The Hub token is set in Settings.',
    );
    expect(loadErrorText(new UiError('Model org/x is gated: request access.', 'GATED_REPO', 401))).toBe(
      'Model org/x is gated: request access. The Hub token is set in Settings.',
    );
    // A token the Hub rejects (on every request, the page's first too): where to change it.
    expect(
      loadErrorText(
        new UiError(
          'The Hub rejected the token (GET https://huggingface.co/api/models/org/x/revision/main): check it, or create a new token',
          'UNAUTHORIZED',
          401,
        ),
      ),
    ).toBe(
      'The Hub rejected the token (GET https://huggingface.co/api/models/org/x/revision/main): check it, or create a new token. The Hub token is set in Settings.',
    );
    expect(loadErrorText(new UiError('Server error', 'HUB_HTTP_ERROR', 502))).toBe('Server error');
  });
});
