/**
 * A folder option given an empty value (`--local-dir ""`, `--cache-dir "$UNSET"`) is a usage error: the path
 * functions read "" as the current folder, so `hubget download org/a --local-dir "$DIR"` with DIR unset wrote the
 * whole model where the shell happened to be, and `rm` or `verify` would have looked there. `.` still names it.
 * One check for every command's `<dir>` options, before its action runs.
 */
import type { Command } from 'commander';

export function refuseEmptyFolderOptions(program: Command): void {
  program.hook('preAction', (_program, action) => {
    for (const option of action.options) {
      if (!option.flags.includes('<dir>')) continue;
      const value: unknown = action.getOptionValue(option.attributeName());
      if (typeof value === 'string' && value.trim() === '') {
        action.error(
          `error: ${option.long} needs a folder: an empty value would mean the current folder (give . for that)`,
          { exitCode: 2, code: 'hubget.emptyFolder' },
        );
      }
    }
  });
}
