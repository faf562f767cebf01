/**
 * The mirror's own hash check of a pull's whole temp file (InFlightBlob.checkWritten): a paused pull verifies
 * nothing, so before a response read from its temp file may end with the file's last byte, the mirror hashes that
 * file itself, once per temp file and attempt, shared by every request that asks meanwhile, and the verdict is
 * remembered (docs/mirror.md, "Pull-through, once").
 */
import { fileMatches } from '../transfer/hash-file.js';
import type { ExpectedContent } from '../transfer/types.js';

/** Whether the file at `path` has the `expected` size and hash. */
export type ContentCheck = (path: string, expected: ExpectedContent) => Promise<boolean>;

/** The hash of the file on disk (fileMatches): what the mirror checks unless told otherwise (tests). */
export const hashMatches: ContentCheck = (path, expected) => fileMatches(path, expected);

/** One temp file's check: `verdict` is set once its hash is known. */
interface CheckedTemp {
  path: string;
  attempt: number;
  matches: Promise<boolean>;
  verdict?: boolean;
}

export class TempContentCheck {
  readonly #matches: ContentCheck;
  #checked: CheckedTemp | undefined;

  constructor(matches: ContentCheck = hashMatches) {
    this.#matches = matches;
  }

  /** The check of `path` as of `attempt`: the one started before for them, else a new one (replacing any other). */
  start(path: string, attempt: number, expected: ExpectedContent): Promise<boolean> {
    if (this.#checked?.path === path && this.#checked.attempt === attempt) return this.#checked.matches;
    const checked: CheckedTemp = {
      path,
      attempt,
      matches: this.#matches(path, expected).then(
        (matches) => (checked.verdict = matches),
        () => (checked.verdict = false),
      ),
    };
    this.#checked = checked;
    return checked.matches;
  }

  /** The check of `path` as of `attempt`, running or done; undefined when none was started for them. */
  running(path: string, attempt: number): Promise<boolean> | undefined {
    const checked = this.#checked;
    return checked?.path === path && checked.attempt === attempt ? checked.matches : undefined;
  }

  /** Whether `path` as of `attempt` holds the file; undefined while unknown (not checked, or still hashing). */
  verdict(path: string, attempt: number): boolean | undefined {
    const checked = this.#checked;
    return checked?.path === path && checked.attempt === attempt ? checked.verdict : undefined;
  }

  /** The temp file found to hold the file as of `attempt`, if any. */
  verified(attempt: number): string | undefined {
    const checked = this.#checked;
    return checked?.verdict === true && checked.attempt === attempt ? checked.path : undefined;
  }
}
