/**
 * The build's last step on the CLI bundle (scripts/bundle-cli.ts, `launchable`): its imports of the files beside it
 * call the launcher's import (src/cli/bundle-launcher.ts runs it with `vm.Script`, which cannot `import()` on
 * Node 20), and anything the launcher could not run stops the build instead of failing at a user's start.
 */
import { describe, expect, it } from 'vitest';
import { launchable } from '../../scripts/bundle-cli.js';
import { IMPORT_BESIDE } from '../../src/cli/bundle-launcher.js';

describe('the CLI bundle as its launcher runs it', () => {
  it('calls the launcher for the files beside it, keeping every column (the source map stays right)', () => {
    const text = 'a=await import("./serve-command.js");b=await import("./stored-jobs.js");';
    const rewritten = launchable(text);
    expect(rewritten).toBe(
      `a=await ${IMPORT_BESIDE}("./serve-command.js");b=await ${IMPORT_BESIDE}("./stored-jobs.js");`,
    );
    expect(rewritten).toHaveLength(text.length);
  });

  it('stops the build at any other dynamic import', () => {
    expect(() => launchable('x=import("./other.js")')).toThrow(
      /dynamic import its launcher cannot run: import\("\.\/other\.js"/,
    );
    expect(() => launchable('x=import(name)')).toThrow(/cannot run: import\(name/);
  });

  it('stops the build at a character outside ASCII (the launcher reads the bundle as Latin-1)', () => {
    expect(() => launchable('x="caf\u00e9"')).toThrow(/outside ASCII: "é"/);
  });

  it('stops the build when the bundle already uses the launcher import’s name', () => {
    expect(() => launchable(`var ${IMPORT_BESIDE}=1;`)).toThrow(/already uses the name/);
  });
});
