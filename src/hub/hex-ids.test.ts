import { describe, expect, it } from 'vitest';
import { BLOB_ID_SOURCE, isBlobId, isGitOid, isSha256Hex, isTempAttempt } from './hex-ids.js';
import { isFullCommit } from './repo-id.js';

const SHA1 = 'a'.repeat(40);
const SHA256 = '0123456789abcdef'.repeat(4);

describe('the Hub hex ids', () => {
  it('accepts lowercase sha1 and sha256 hex only, whole', () => {
    expect([
      isGitOid(SHA1),
      isFullCommit(SHA1),
      isSha256Hex(SHA256),
      isBlobId(SHA1),
      isBlobId(SHA256),
    ]).toEqual([true, true, true, true, true]);
    for (const bad of [SHA1.toUpperCase(), `${SHA1}0`, SHA1.slice(1), `../${SHA1}`, `${SHA256}\n`, '']) {
      expect([bad, isGitOid(bad) || isSha256Hex(bad) || isBlobId(bad) || isFullCommit(bad)]).toEqual([
        bad,
        false,
      ]);
    }
    expect(isGitOid(SHA256)).toBe(false);
    expect(isSha256Hex(SHA1)).toBe(false);
  });

  it("accepts a temp name's random part: 8 lowercase hex, whole", () => {
    expect(isTempAttempt('0a1b2c3d')).toBe(true);
    for (const bad of ['0A1B2C3D', '0a1b2c3', '0a1b2c3d4', '0a1b2c3g', '0a1b2c3d\n', '../0a1b2c3d']) {
      expect([bad, isTempAttempt(bad)]).toEqual([bad, false]);
    }
  });

  it('gives longer patterns the same alternatives', () => {
    const temp = new RegExp(`^(${BLOB_ID_SOURCE})\\.incomplete$`);
    expect(temp.exec(`${SHA256}.incomplete`)?.[1]).toBe(SHA256);
    expect(temp.test(`${'a'.repeat(41)}.incomplete`)).toBe(false);
  });
});
