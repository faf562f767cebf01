/** Renders a component inside the live store for component tests: the scripted API, and a FakeEventSource
 * for the event stream (pass `openEvents` to keep hold of it and drive it). */
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Api } from '../../../web/src/api/client.js';
import type { EventSourceLike } from '../../../web/src/state/live-feed.js';
import { LiveProvider } from '../../../web/src/state/live-store.js';
import { FakeEventSource } from './fake-event-source.js';

export function renderLive(
  api: Api,
  ui: ReactNode,
  openEvents: () => EventSourceLike = () => new FakeEventSource(),
): ReturnType<typeof render> {
  return render(
    <LiveProvider api={api} openEvents={openEvents}>
      {ui}
    </LiveProvider>,
  );
}

/** renderLive with its event stream open at once (the page reads as connected): the stream, to drive it. */
export function renderLiveConnected(api: Api, ui: ReactNode): FakeEventSource {
  let stream: FakeEventSource | undefined;
  renderLive(api, ui, () => {
    stream = new FakeEventSource();
    return stream;
  });
  act(() => stream?.open());
  return stream!;
}
