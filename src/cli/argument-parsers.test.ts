import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  parseEndpointArgument,
  parsePositiveInteger,
  parseRateArgument,
  parseRepoReference,
  parseRmReference,
  parseSearchLimit,
  parseSecondsToMs,
  parseStallTimeout,
} from './argument-parsers.js';

describe('argument parsers', () => {
  it('accept whole numbers ≥ 1 only', () => {
    expect(parsePositiveInteger('16')).toBe(16);
    for (const bad of ['0', '-1', '1.5', 'x', '', '1e3']) {
      expect(() => parsePositiveInteger(bad), bad).toThrow(InvalidArgumentError);
    }
  });
  it('refuse a search --limit above what one Hub search answers, rather than cut it quietly', () => {
    expect(parseSearchLimit('100')).toBe(100);
    // Every value outside says the whole range, `0` and `abc` as well as `500`.
    for (const bad of ['500', '101', '0', 'abc', '-1', '1.5', '']) {
      expect(() => parseSearchLimit(bad), bad).toThrow(
        'expected a whole number from 1 to 100 (the most one Hub search answers).',
      );
    }
  });
  it('turn seconds into milliseconds', () => {
    expect(parseSecondsToMs('30')).toBe(30_000);
    expect(parseSecondsToMs('2.5')).toBe(2500);
    expect(parseSecondsToMs('.25')).toBe(250);
    for (const bad of ['0', '-3', 'soon', '']) {
      expect(() => parseSecondsToMs(bad), bad).toThrow(InvalidArgumentError);
    }
  });
  it("keep --stall-timeout to the server setting's rule, whole seconds from 5 to 3600", () => {
    expect(parseStallTimeout('5')).toBe(5000);
    expect(parseStallTimeout('3600')).toBe(3_600_000);
    // 5000 is seconds, not milliseconds: 83 minutes would let a hang go unnoticed. A fraction or 1 s is
    // refused as the server's setting refuses it. Each says the range, `0` too.
    for (const bad of ['2.5', '1', '4', '0.5', '5000', '3600.5', '0', 'x', '-1']) {
      expect(() => parseStallTimeout(bad), bad).toThrow('expected a whole number of seconds from 5 to 3600.');
    }
  });
  it('check --endpoint by the endpoint rule, as a usage error', () => {
    expect(parseEndpointArgument('http://127.0.0.1:9001/')).toBe('http://127.0.0.1:9001');
    for (const bad of ['huggingface.co', 'ftp://mirror', 'https://user:pw@hub.example']) {
      expect(() => parseEndpointArgument(bad), bad).toThrow(InvalidArgumentError);
    }
  });
  it('turn rate errors into usage errors', () => {
    expect(parseRateArgument('20M')).toBe(20_000_000);
    expect(() => parseRateArgument('fast')).toThrow(InvalidArgumentError);
  });
  it('take REPO_ID[:QUANT], and refuse a `:` with no quantization after it', () => {
    expect(parseRepoReference('org/name:Q4_K_M')).toEqual({ repoId: 'org/name', quant: 'Q4_K_M' });
    expect(parseRepoReference('org/name')).toEqual({ repoId: 'org/name' });
    expect(() => parseRepoReference('org/name:')).toThrow(InvalidArgumentError);
  });
  it('take REPO_ID@REV, a Hub URL, with or without :QUANT', () => {
    expect(parseRepoReference('org/name@v1.0:Q4_K_M')).toEqual({
      repoId: 'org/name',
      revision: 'v1.0',
      quant: 'Q4_K_M',
    });
    expect(parseRepoReference('https://huggingface.co/org/name')).toEqual({ repoId: 'org/name' });
    expect(parseRepoReference('https://hf.co/org/name:Q4_K_M')).toEqual({
      repoId: 'org/name',
      quant: 'Q4_K_M',
    });
    expect(parseRepoReference('hf.co/org/name:Q4_K_M')).toEqual({ repoId: 'org/name', quant: 'Q4_K_M' });
    // The `:` of a port is no quantization's (a mirror's URL).
    expect(parseRepoReference('http://127.0.0.1:9001/org/name')).toEqual({ repoId: 'org/name' });
    expect(parseRepoReference('http://127.0.0.1:9001/org/name:Q4_K_M')).toEqual({
      repoId: 'org/name',
      quant: 'Q4_K_M',
    });
    expect(() => parseRepoReference('org/name@')).toThrow(InvalidArgumentError);
  });
  it("take rm's REPO[@REVISION] or URL, but not a file's URL", () => {
    expect(parseRmReference('org/name@v1.0')).toEqual({ repoId: 'org/name', revision: 'v1.0' });
    expect(parseRmReference('https://huggingface.co/datasets/org/name/')).toEqual({
      repoId: 'org/name',
      repoType: 'dataset',
    });
    expect(() => parseRmReference('https://huggingface.co/org/name/blob/main/a.bin')).toThrow(
      /names one file; rm deletes a repository, a revision \(org\/name@main\) or a quantization/,
    );
    // As `download` takes it, org/name:Q8_0 names one quantization: rm deletes that one.
    expect(parseRmReference('org/name:Q8_0')).toEqual({ repoId: 'org/name', quant: 'Q8_0' });
    expect(parseRmReference('org/name@v1.0:q4_k_m')).toEqual({
      repoId: 'org/name',
      revision: 'v1.0',
      quant: 'q4_k_m',
    });
  });
});
