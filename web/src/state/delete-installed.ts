/**
 * What the repo page's Delete deletes of the installed copy it shows: `all`, one revision (its commit), or one
 * GGUF quantization (`quant:Q8_0`: GET / DELETE /api/models/…/quants/:quant, the server's rule of
 * src/cache/delete-quant.ts, or of a folder's, /api/models/local/:folder/quants/:quant: delete-local-quant.ts),
 * and the call that does it.
 */
import type { InstalledModel } from '../../../src/api-types.js';
import type { Api } from '../api/client.js';

const QUANT_PREFIX = 'quant:';

/** The Delete target of one quantization. */
export function quantTarget(quant: string): string {
  return `${QUANT_PREFIX}${quant}`;
}

/** The quantization a Delete target names, or null for `all` or a revision. */
export function quantOfTarget(what: string): string | null {
  return what.startsWith(QUANT_PREFIX) ? what.slice(QUANT_PREFIX.length) : null;
}

/** Deletes `what` of `installed`: what the toast names (and whether it was one quantization), and the bytes freed. */
export async function deleteInstalled(
  api: Pick<Api, 'deleteModel' | 'deleteRevision' | 'deleteQuant'>,
  installed: InstalledModel,
  what: string,
): Promise<{ name: string; freedBytes: number; quantization: boolean }> {
  const quant = quantOfTarget(what);
  if (quant !== null) {
    const done = await api.deleteQuant(installed, quant);
    return { name: `${installed.repoId} ${done.quant}`, freedBytes: done.freedBytes, quantization: true };
  }
  const done = what === 'all' ? await api.deleteModel(installed) : await api.deleteRevision(installed, what);
  return {
    name: installed.repoId,
    freedBytes: done?.freedBytes ?? installed.sizeOnDisk,
    quantization: false,
  };
}
