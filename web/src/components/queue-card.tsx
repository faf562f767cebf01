/**
 * The Downloads page's queue: in order, reordered with the ↑/↓ buttons or by drag and drop. A ↑/↓ used from
 * the keyboard keeps the focus: once the queue shows the row moved, the same button of that row has it again,
 * or the other one when the move turned it off (the row reached the top or the bottom). Moving a row's element
 * or turning its button off drops the focus to the page's body otherwise.
 */
import { type DragEvent, useLayoutEffect, useRef, useState } from 'react';
import type { JobView } from '../../../src/api-types.js';
import { queuedSizeLabel } from '../format/job-labels.js';
import { useLive } from '../state/live-store.js';
import { JobActions } from './job-actions.js';
import { JobTitle } from './job-title.js';

type Direction = 'up' | 'down';

export function QueueCard({ queue, offline }: { queue: JobView[]; offline: boolean }) {
  const { api, dispatch, attempt, refreshJobs } = useLive();
  const [dragId, setDragId] = useState<string | null>(null);
  const [overIndex, setOverIndex] = useState<number | null>(null);

  const listRef = useRef<HTMLOListElement>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  /** The row whose ↑/↓ was used and where it was, until the queue shows it moved. */
  const refocus = useRef<{ id: string; direction: Direction; from: number } | null>(null);

  // Each time the queue changes: has the row moved yet?
  useLayoutEffect(() => {
    const pending = refocus.current;
    if (!pending) return;
    const index = queue.findIndex((entry) => entry.id === pending.id);
    if (index === pending.from) return;
    refocus.current = null;
    const active = document.activeElement;
    // Not if the focus went somewhere else meanwhile.
    if (index < 0 || (active && active !== document.body && !listRef.current?.contains(active))) return;
    const button = (direction: Direction) => moveButtons.current.get(`${pending.id} ${direction}`);
    const same = button(pending.direction);
    const other = button(pending.direction === 'up' ? 'down' : 'up');
    (same && !same.disabled ? same : other)?.focus();
  }, [queue]);

  const move = async (job: JobView, position: number, direction?: Direction) => {
    if (position < 0 || position >= queue.length) return;
    if (direction) refocus.current = { id: job.id, direction, from: queue.indexOf(job) };
    const moved = await attempt('Could not reorder the queue', async () => {
      const updated = await api.move(job.id, position);
      if (updated && typeof updated === 'object' && 'id' in updated) dispatch({ type: 'job', job: updated });
      return true;
    });
    if (!moved) refocus.current = null;
    void refreshJobs();
  };

  const moveButtonRef = (id: string, direction: Direction) => (element: HTMLButtonElement | null) => {
    if (element) moveButtons.current.set(`${id} ${direction}`, element);
    else moveButtons.current.delete(`${id} ${direction}`);
  };

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    const job = queue.find((entry) => entry.id === dragId);
    setDragId(null);
    setOverIndex(null);
    if (job && queue.indexOf(job) !== index) void move(job, index);
  };

  return (
    <section className={`card${offline ? ' jobs--offline' : ''}`} aria-labelledby="queue-title">
      <h2 id="queue-title" className="card__title">
        Queue ({queue.length})
      </h2>
      {queue.length === 0 ? <p className="muted">The queue is empty.</p> : null}
      <ol className="queue" ref={listRef}>
        {queue.map((job, index) => (
          <li
            key={job.id}
            className={`queue__item${overIndex === index ? ' queue__item--over' : ''}${dragId === job.id ? ' queue__item--dragging' : ''}`}
            draggable={!offline}
            onDragStart={(event) => {
              setDragId(job.id);
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData('text/plain', job.id);
            }}
            onDragOver={(event) => {
              event.preventDefault();
              setOverIndex(index);
            }}
            onDragLeave={() => setOverIndex((current) => (current === index ? null : current))}
            onDragEnd={() => {
              setDragId(null);
              setOverIndex(null);
            }}
            onDrop={(event) => onDrop(event, index)}
          >
            <span className="queue__grip" aria-hidden="true">
              ⋮⋮
            </span>
            <span className="num queue__position">{index + 1}</span>
            <JobTitle job={job} nameClassName="queue__name" />
            <span className="num muted" title="The size of a download is known once it starts">
              {queuedSizeLabel(job)}
            </span>
            <span className="queue__buttons">
              <button
                type="button"
                className="icon-button"
                ref={moveButtonRef(job.id, 'up')}
                aria-label={`Move ${job.name} up`}
                disabled={offline || index === 0}
                onClick={() => void move(job, index - 1, 'up')}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                ref={moveButtonRef(job.id, 'down')}
                aria-label={`Move ${job.name} down`}
                disabled={offline || index === queue.length - 1}
                onClick={() => void move(job, index + 1, 'down')}
              >
                ↓
              </button>
              <JobActions job={job} compact />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
