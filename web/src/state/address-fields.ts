/**
 * The download form's id, type and revision fields, and what a pasted Hub address set in them
 * (`https://huggingface.co/datasets/org/name/tree/v1`, a `datasets/` prefix: src/hub/hub-address.ts). A type
 * or revision an address set belongs to that address's id: once the user edits the id, they go back to a model
 * at main (the reading of a plain id), unless the user chose them since, and a note says so. Without that, a
 * plain model id typed after a dataset's address stayed a dataset, and the preview said "Dataset org/y not found".
 */
import { useState } from 'react';
import type { ApiRepoType } from '../../../src/api-types.js';
import { type PastedAddress, parseHubAddress } from '../../../src/hub/hub-address.js';

/** What a plain id means: a model (parseHubAddress reads it so), at the repo's main branch (''). */
const PLAIN_ID_TYPE: ApiRepoType = 'model';

/** Which fields the last address read set, not changed by the user since. */
interface SetByAddress {
  repoType: boolean;
  revision: boolean;
}

const NONE: SetByAddress = { repoType: false, revision: false };

/** `Type back to model: it came with the address, not with this id.` (null when nothing went back). */
function resetNote(reset: SetByAddress): string | null {
  const fields = [
    reset.repoType ? `type back to ${PLAIN_ID_TYPE}` : '',
    reset.revision ? 'revision back to main' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  if (!fields) return null;
  const they = reset.repoType && reset.revision ? 'they' : 'it';
  return `${fields[0]!.toUpperCase()}${fields.slice(1)}: ${they} came with the address, not with this id.`;
}

export function useAddressFields() {
  const [repoId, setRepoId] = useState('');
  const [repoType, setRepoType] = useState<ApiRepoType>(PLAIN_ID_TYPE);
  const [revision, setRevision] = useState('');
  const [setByAddress, setSetByAddress] = useState<SetByAddress>(NONE);
  /** What a pasted address was read as, or what went back after it, so no change of the fields is silent. */
  const [note, setNote] = useState<{ text: string; read: boolean } | null>(null);

  /** Spreads a Hub address or prefixed id over the id, type and revision fields; null for a plain id. The
   * answer's revision is what the revision field now holds ('' for main), undefined when none was named. */
  const readAddress = (text: string): PastedAddress | null => {
    const address = parseHubAddress(text);
    if (!address) return null;
    const branch = address.revision === undefined || address.revision === 'main' ? '' : address.revision;
    setRepoId(address.repoId);
    setRepoType(address.repoType);
    if (address.revision !== undefined) setRevision(branch);
    setSetByAddress({
      repoType: address.repoType !== PLAIN_ID_TYPE,
      revision: address.revision !== undefined && branch !== '',
    });
    setNote({
      text: `Read from the address: ${address.repoType} ${address.repoId}${branch ? ` at revision ${branch}` : ''}.`,
      read: true,
    });
    return address.revision === undefined ? address : { ...address, revision: branch };
  };

  /** The user edits the id: what the last address set goes back to a plain id's reading. */
  const editId = (value: string) => {
    setRepoId(value);
    if (setByAddress.repoType) setRepoType(PLAIN_ID_TYPE);
    if (setByAddress.revision) setRevision('');
    setSetByAddress(NONE);
    // The note on what the address was read as goes with its id; one on what went back stays while typing on.
    const reset = resetNote(setByAddress);
    setNote((previous) => (reset ? { text: reset, read: false } : previous?.read ? null : previous));
  };

  // A field the user sets is theirs: it stays when the id changes. The note says what the address was read
  // as: once a field it names changes, it is not true.
  const editType = (value: ApiRepoType) => {
    setRepoType(value);
    setSetByAddress((previous) => ({ ...previous, repoType: false }));
    setNote(null);
  };
  const editRevision = (value: string) => {
    setRevision(value);
    setSetByAddress((previous) => ({ ...previous, revision: false }));
    setNote(null);
  };

  return {
    repoId,
    repoType,
    revision,
    note: note?.text ?? null,
    readAddress,
    editId,
    editType,
    editRevision,
  };
}
