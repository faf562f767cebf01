import { describe, expect, it } from 'vitest';
import { freedTogether, type SharedBlob } from './freed-together.js';

const blob = (fileId: string, path: string, size: number, links: number): SharedBlob => ({
  fileId,
  path,
  size,
  links,
});

describe('freedTogether', () => {
  it('frees a blob once when the set removes its every name, for the last plan naming it', () => {
    const plans = [
      { sharedBlobs: [blob('1:7', '/c/models--org--base/blobs/aa', 300, 2)] },
      { sharedBlobs: [blob('1:7', '/c/models--other--fork/blobs/aa', 300, 2)] },
    ];
    expect(freedTogether(plans)).toEqual([
      { alsoFrees: 0, keeps: 0 },
      { alsoFrees: 300, keeps: 0 },
    ]);
  });

  it('keeps a blob a name outside the set links: a third repo, or a plan alone', () => {
    const three = [
      { sharedBlobs: [blob('1:7', '/c/a/blobs/aa', 300, 3), blob('1:8', '/c/a/blobs/bb', 5, 2)] },
      { sharedBlobs: [blob('1:7', '/c/b/blobs/aa', 300, 3), blob('1:8', '/c/b/blobs/bb', 5, 2)] },
    ];
    expect(freedTogether(three)).toEqual([
      { alsoFrees: 0, keeps: 300 },
      { alsoFrees: 5, keeps: 300 },
    ]);
    expect(freedTogether([three[0]!])).toEqual([{ alsoFrees: 0, keeps: 305 }]);
  });
});
