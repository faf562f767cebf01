/** The Downloads page's queue: in order, reordered with the ↑/↓ buttons or by drag and drop. */
import { type DragEvent, useState } from 'react';
import type { JobView } from '../../../src/api-types.js';
import { queuedSizeLabel } from '../format/job-labels.js';
import { useLive } from '../state/live-store.js';
import { JobActions } from './job-actions.js';
import { JobTitle } from './job-title.js';

export function QueueCard({ queue, offline }: { queue: JobView[]; offline: boolean }) {
  const { api, dispatch, attempt, refreshJobs } = useLive();
  const [dragId, setDragId] = useState<string | null>(null);
  const [overIndex, setOverIndex] = useState<number | null>(null);

  const move = async (job: JobView, position: number) => {
    if (position < 0 || position >= queue.length) return;
    await attempt('Could not reorder the queue', async () => {
      const updated = await api.move(job.id, position);
      if (updated && typeof updated === 'object' && 'id' in updated) dispatch({ type: 'job', job: updated });
    });
    void refreshJobs();
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
      <ol className="queue">
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
                aria-label={`Move ${job.name} up`}
                disabled={offline || index === 0}
                onClick={() => void move(job, index - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${job.name} down`}
                disabled={offline || index === queue.length - 1}
                onClick={() => void move(job, index + 1)}
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
