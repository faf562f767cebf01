/**
 * The model page's destination, beside its revision: the HF cache or a folder under the models folder, with the
 * folder's name (use-repo-destination.ts holds the choice, Settings' default until one is picked).
 */
import type { RepoDestination } from './use-repo-destination.js';

export function DestinationPicker({
  choice,
}: {
  choice: Pick<RepoDestination, 'destination' | 'choose' | 'folder' | 'setFolder'>;
}) {
  return (
    <>
      <label className="field">
        <span className="field__label">Destination</span>
        <select
          value={choice.destination}
          onChange={(event) => choice.choose(event.target.value === 'local' ? 'local' : 'cache')}
        >
          <option value="cache">HF cache</option>
          <option value="local">Folder</option>
        </select>
      </label>
      {choice.destination === 'local' ? (
        <label className="field">
          <span className="field__label">Folder under the models folder</span>
          <input
            type="text"
            value={choice.folder}
            placeholder="my-model or /abs/path"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => choice.setFolder(event.target.value)}
          />
        </label>
      ) : null}
    </>
  );
}
