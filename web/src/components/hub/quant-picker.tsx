/**
 * The GGUF quantization picker: one row per quantization (size, shards, whether it fits disk and memory, whether the
 * chosen destination holds it already or where else it is here) and the mmproj projectors (on by default). What it
 * marks is read from the file selection (quant-selection.ts): none, with a "custom selection" note, when the files
 * make up no single one; and a warning when a split quantization is ticked in part (a part neither ticked nor in the
 * destination). The destination's marks are destination-holds.ts's: the HF cache's, or the chosen folder's.
 */
import type { GgufQuantView, GgufView } from '../../../../src/api-types.js';
import { diskShortWords, needsAndFreeWords } from '../../../../src/format/disk-fit.js';
import { printableLine } from '../../format/printable.js';
import { formatBytes } from '../../format/units.js';
import type { DestinationHolds, DiskRoom } from './destination-holds.js';
import { partlySelectedSplits } from './quant-selection.js';

const MEMORY_LABEL: Record<GgufQuantView['fits']['memory'], { text: string; tone: string }> = {
  gpu: { text: 'fits GPU', tone: 'success' },
  ram: { text: 'fits RAM', tone: 'active' },
  none: { text: 'too big for RAM', tone: 'danger' },
};

/**
 * The disk verdict of a quantization (destination-holds.ts's DiskRoom) as a chip, on a line of its own under the
 * row's other tags (hub.css `.quant__room`): beside them, in what the name and the size leave of a 390 px card,
 * `not enough disk: needs 70.00 kB, 60.00 kB free` took three lines; none when it fits. `where`: the destination's
 * words ("in folder tiny", "on disk").
 */
function roomChip(room: DiskRoom, where: string): { text: string; tone: string; title?: string } | null {
  switch (room.verdict) {
    case 'fits':
      return null;
    case 'fits-with-held':
      return {
        text: 'fits with what is there',
        tone: 'success',
        title: `It ${needsAndFreeWords(room.needBytes, room.freeBytes)}: ${formatBytes(room.heldBytes)} of it ${where} already`,
      };
    case 'short':
      return {
        text: diskShortWords(room.needBytes, room.freeBytes),
        tone: 'danger',
        title: `Not enough disk: it ${needsAndFreeWords(room.needBytes, room.freeBytes)} ${where}`,
      };
    case 'checking':
      return {
        text: 'checking disk…',
        tone: 'neutral',
        title: 'Not enough disk unless the folder holds part of it already: the preview being asked says',
      };
    case 'unsure':
      return {
        text: 'may lack disk',
        tone: 'warning',
        title: 'Not enough disk unless the folder holds part of it already: picking it checks',
      };
  }
}

export function QuantPicker({
  gguf,
  selected,
  onSelect,
  mmproj,
  onMmprojChange,
  holds,
  selectedFiles,
}: {
  gguf: GgufView;
  /** The file list's selection: a split quantization ticked in part is warned about. */
  selectedFiles: ReadonlySet<string>;
  /** What the chosen destination holds (the HF cache or the folder), and where else each quantization is. */
  holds: DestinationHolds;
  /** The quantization the selected files make up; null for a custom selection. */
  selected: string | null;
  /** Selects the files of a quantization (also when it is already marked: puts back what was unticked). */
  onSelect: (name: string) => void;
  mmproj: string[];
  onMmprojChange: (paths: string[]) => void;
}) {
  const held = new Set(gguf.quants.flatMap((quant) => quant.files).filter((path) => holds.holds(path)));
  return (
    <div>
      <fieldset className="field">
        <legend className="field__label">Quantization</legend>
        <ul className="quant-list">
          {gguf.quants.map((quant) => {
            const memory = MEMORY_LABEL[quant.fits.memory];
            const marks = holds.quant(quant);
            const room = roomChip(marks.room, holds.where);
            return (
              <li key={quant.name}>
                <label className={`quant${quant.name === selected ? ' quant--on' : ''}`}>
                  <input
                    type="radio"
                    name="gguf-quant"
                    value={quant.name}
                    checked={quant.name === selected}
                    onChange={() => onSelect(quant.name)}
                    // A click on the marked one changes nothing, so no change event: select its files anyway.
                    onClick={() => {
                      if (quant.name === selected) onSelect(quant.name);
                    }}
                  />
                  <span className="quant__name mono">{quant.name}</span>
                  <span className="quant__fits">
                    {marks.installed ? <span className="chip chip--success">installed</span> : null}
                    {marks.elsewhere ? (
                      <span
                        className="chip chip--neutral"
                        title="Here already, in another place than the destination"
                      >
                        {marks.elsewhere}
                      </span>
                    ) : null}
                    <span className={`chip chip--${memory.tone}`}>{memory.text}</span>
                    {quant.shards > 1 ? (
                      <span className="chip chip--neutral">{quant.shards} parts</span>
                    ) : null}
                    {quant.name === gguf.defaultQuant ? (
                      <span className="chip chip--neutral">recommended</span>
                    ) : null}
                  </span>
                  <span className="quant__size num">{formatBytes(quant.totalBytes)}</span>
                  {room ? (
                    <span className="quant__room">
                      <span className={`chip chip--${room.tone}`} title={room.title}>
                        {room.text}
                      </span>
                    </span>
                  ) : null}
                </label>
              </li>
            );
          })}
        </ul>
        {selected === null ? (
          <p className="muted small" role="status">
            Custom selection: the files ticked below. Pick a quantization to select its files.
          </p>
        ) : null}
        {partlySelectedSplits(gguf, selectedFiles, held).map((split) => (
          <p key={split.name} className="callout callout--warning small">
            {split.name} is split in {split.parts} parts and {split.missing} of them{' '}
            {split.missing === 1 ? 'is' : 'are'} neither ticked nor {holds.where}: llama.cpp loads a split
            model only with every part. Pick {split.name} above to select them all.
          </p>
        ))}
      </fieldset>
      {gguf.mmproj.length > 0 ? (
        <fieldset className="field repo-section">
          <legend className="field__label">Vision projector (mmproj)</legend>
          {gguf.mmproj.map((file) => (
            <label key={file.path} className="file-row">
              <input
                type="checkbox"
                checked={mmproj.includes(file.path)}
                onChange={(event) =>
                  onMmprojChange(
                    event.target.checked
                      ? [...mmproj, file.path]
                      : mmproj.filter((path) => path !== file.path),
                  )
                }
              />
              <span className="file-row__path mono">{printableLine(file.path)}</span>
              <span className="file-row__size num">{formatBytes(file.size)}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
