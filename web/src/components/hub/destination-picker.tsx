/**
 * The model page's destination, beside its revision: the HF cache or a folder under the models folder, with the
 * folder's name on the same line (use-repo-destination.ts holds the choice, Settings' default until one is
 * picked). One line, so it takes no more room than the revision, at 390 px too.
 */
import { useId } from 'react';
import { FIELD_LABELS } from '../../api/field-labels.js';
import { invalidMarks } from '../field.js';
import type { RepoDestination } from './use-repo-destination.js';

export function DestinationPicker({
  choice,
  refusalId,
}: {
  choice: Pick<RepoDestination, 'destination' | 'choose' | 'folder' | 'setFolder' | 'folderRefused'>;
  /** The element that says why the folder was refused (the reason beside Download): marked by it while it is. */
  refusalId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Destination
      </label>
      <div className="destination-line">
        <select
          id={id}
          value={choice.destination}
          onChange={(event) => choice.choose(event.target.value === 'local' ? 'local' : 'cache')}
        >
          <option value="cache">HF cache</option>
          <option value="local">Folder</option>
        </select>
        {choice.destination === 'local' ? (
          <input
            type="text"
            aria-label={FIELD_LABELS.localDir}
            title="A folder under the models folder (or its absolute path)"
            value={choice.folder}
            placeholder="my-model"
            spellCheck={false}
            autoComplete="off"
            {...invalidMarks(undefined, choice.folderRefused ? refusalId : undefined)}
            onChange={(event) => choice.setFolder(event.target.value)}
          />
        ) : null}
      </div>
    </div>
  );
}
