/**
 * A repo's files grouped by purpose (weights, config, tokenizer, other) with sizes and a checkbox each, "on disk"
 * when the chosen destination holds one and "in …" / "cached as …" where else it is here (destination-holds.ts; without `holds`,
 * the page's `onDisk`). Long groups are paged (PAGE_SIZE rows, "Show more"), so a repo with 10 000 files stays
 * responsive.
 */
import { useState } from 'react';
import type { RepoFileGroup, RepoPageFile } from '../../../../src/api-types.js';
import { printableLine } from '../../format/printable.js';
import { formatBytes } from '../../format/units.js';
import type { DestinationHolds } from './destination-holds.js';

type FileHolds = Pick<DestinationHolds, 'holds' | 'elsewhere'>;

/** The page's own marks: its installed copy's files (`onDisk`), nothing of other places. */
const onDiskOnly = (files: readonly RepoPageFile[]): FileHolds => {
  const onDisk = new Set(files.filter((file) => file.onDisk).map((file) => file.path));
  return { holds: (path) => onDisk.has(path), elsewhere: () => null };
};

const PAGE_SIZE = 100;

const GROUP_LABELS: Record<RepoFileGroup, string> = {
  weights: 'Weights',
  config: 'Config',
  tokenizer: 'Tokenizer',
  other: 'Other',
};

export function FileGroups({
  files,
  selected,
  onChange,
  holds = onDiskOnly(files),
}: {
  files: RepoPageFile[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  holds?: FileHolds;
}) {
  const groups = (['weights', 'config', 'tokenizer', 'other'] as const)
    .map((group) => ({ group, files: files.filter((file) => file.group === group) }))
    .filter((entry) => entry.files.length > 0);
  return (
    <div>
      <div className="file-groups__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => onChange(new Set(files.map((file) => file.path)))}
        >
          Select all
        </button>
        <button type="button" className="button button--small" onClick={() => onChange(new Set())}>
          Select none
        </button>
      </div>
      {groups.map((entry) => (
        <FileGroup
          key={entry.group}
          label={GROUP_LABELS[entry.group]}
          files={entry.files}
          selected={selected}
          onChange={onChange}
          holds={holds}
        />
      ))}
    </div>
  );
}

function FileGroup({
  label,
  files,
  selected,
  onChange,
  holds,
}: {
  label: string;
  files: RepoPageFile[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  holds: FileHolds;
}) {
  const [shown, setShown] = useState(PAGE_SIZE);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const toggle = (path: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(path);
    else next.delete(path);
    onChange(next);
  };
  return (
    <section className="file-group">
      <h3>
        {label}{' '}
        <span className="muted small num">
          {files.length} file{files.length === 1 ? '' : 's'}, {formatBytes(total)}
        </span>
      </h3>
      <ul className="file-list">
        {files.slice(0, shown).map((file) => (
          <li key={file.path}>
            <label className="file-row">
              <input
                type="checkbox"
                checked={selected.has(file.path)}
                onChange={(event) => toggle(file.path, event.target.checked)}
              />
              <span className="file-row__path mono">{printableLine(file.path)}</span>
              {holds.holds(file.path) ? <span className="chip chip--success">on disk</span> : null}
              {holds.elsewhere(file.path) ? (
                <span className="chip chip--neutral">{holds.elsewhere(file.path)}</span>
              ) : null}
              <span className="file-row__size num">{formatBytes(file.size)}</span>
            </label>
          </li>
        ))}
      </ul>
      {files.length > shown ? (
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => setShown(shown + PAGE_SIZE * 5)}
        >
          Show more ({files.length - shown} hidden)
        </button>
      ) : null}
    </section>
  );
}
