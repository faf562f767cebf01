/**
 * The Hugging Face token lives in its own file, `{dataDir}/hf-token`, mode 0600 — never in the database
 * (which is copied around and inspected), never in logs, events or API answers.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';

export const TOKEN_FILE_NAME = 'hf-token';

export function tokenFilePath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE_NAME);
}

/** The stored token, or undefined when none is stored. */
export async function readTokenFile(dataDir: string): Promise<string | undefined> {
  try {
    const token = (await readFile(tokenFilePath(dataDir), 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HubgetError('IO_ERROR', 'Could not read the stored Hugging Face token file', { cause: error });
  }
}

/** Writes the token atomically: a temp file created with mode 0600, then renamed over the old one. */
export async function writeTokenFile(dataDir: string, token: string): Promise<void> {
  const finalPath = tokenFilePath(dataDir);
  const tempPath = `${finalPath}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(tempPath, token, { mode: 0o600, flag: 'wx' });
    // The umask may narrow the creation mode (e.g. to 0400); make it exactly owner read/write.
    await chmod(tempPath, 0o600);
    await rename(tempPath, finalPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw new HubgetError('IO_ERROR', 'Could not store the Hugging Face token', { cause: error });
  }
}

export async function deleteTokenFile(dataDir: string): Promise<void> {
  await rm(tokenFilePath(dataDir), { force: true });
}
