/**
 * The Hugging Face token lives in its own file, `{dataDir}/hf-token`, mode 0600 — never in the database
 * (which is copied around and inspected), never in logs, events or API answers.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';
import { makeDirectorySync } from '../make-directory.js';
import { replaceFileSync } from '../replace-file.js';

export const TOKEN_FILE_NAME = 'hf-token';

/** hubget's own stored token (set through the settings); not huggingface_hub's token file (hub room's hfTokenFilePath). */
export function storedTokenFilePath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE_NAME);
}

/*
 * Synchronous on purpose: a few bytes, and settings updates (JobService.updateSettings) are synchronous.
 */

/** The stored token, or undefined when none is stored. */
export function readTokenFile(dataDir: string): string | undefined {
  try {
    const token = readFileSync(storedTokenFilePath(dataDir), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HubgetError('IO_ERROR', 'Could not read the stored Hugging Face token file', { cause: error });
  }
}

/** Writes the token atomically: a temp file created with mode 0600, then renamed over the old one. */
export function writeTokenFile(dataDir: string, token: string): void {
  try {
    makeDirectorySync(dataDir, { mode: 0o700 });
    replaceFileSync(storedTokenFilePath(dataDir), token, { mode: 0o600 });
  } catch (error) {
    throw new HubgetError('IO_ERROR', 'Could not store the Hugging Face token', { cause: error });
  }
}

export function deleteTokenFile(dataDir: string): void {
  rmSync(storedTokenFilePath(dataDir), { force: true });
}
