/**
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles wasm twice: a quick baseline
 * (Liftoff) at once, then an optimised TurboFan build on a background thread — for llhttp that second
 * compile held ~35 MB of malloc'd memory, and Node waits for it before exiting: `hubget download --dry-run`
 * peaked at 102 MB (GNU time) against 67 MB with `--liftoff-only` (measured with the bench build; the
 * /proc VmHWM just before exit was 72 MB either way, the rest came during exit). The parser's hot path on
 * a download is handing body spans over, which baseline code does as fast, so hubget keeps Liftoff only
 * (docs/transfer-writing.md, "Writing and memory"). V8 reads the flag when it compiles a module, so setting
 * it when the dispatcher module loads (http.ts) — before the first request compiles llhttp — is enough for
 * the CLI, `hubget serve` and the bench.
 */
import { setFlagsFromString } from 'node:v8';

function keepWasmBaselineOnly(): void {
  try {
    setFlagsFromString('--liftoff-only');
  } catch {
    // A V8 without the flag: it tiers up as before.
  }
}

keepWasmBaselineOnly();
