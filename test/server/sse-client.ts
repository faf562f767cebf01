/**
 * A minimal EventSource for tests: parses `id:`/`event:`/`data:` blocks of GET /api/events (checking that
 * the event name matches the payload's type), keeps the last event id as EventSource does, and counts `:`
 * heartbeat comments.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { JobView, ServerEvent } from '../../src/api-types.js';

export interface SseClient {
  events: ServerEvent[];
  /** The `id:` of each event in `events` ('' when it had none). */
  ids: string[];
  /** What an EventSource would send as Last-Event-ID on reconnecting: the latest id seen. */
  lastEventId: string;
  comments: number;
  response: IncomingMessage;
  close(): void;
  waitFor(predicate: (events: ServerEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  jobEvents(id?: string): JobView[];
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const client: SseClient = {
        events: [],
        ids: [],
        lastEventId: '',
        comments: 0,
        response,
        close: () => req.destroy(),
        waitFor: (predicate, timeoutMs = 20_000) =>
          new Promise((done, fail) => {
            const started = Date.now();
            const check = () => {
              if (predicate(client.events)) return done();
              if (Date.now() - started > timeoutMs) {
                const last = client.events.filter((e) => e.type === 'job').at(-1);
                return fail(
                  new Error(`timed out waiting for SSE events; last job event: ${JSON.stringify(last)}`),
                );
              }
              setTimeout(check, 20);
            };
            check();
          }),
        jobEvents: (id) =>
          client.events
            .filter((e): e is Extract<ServerEvent, { type: 'job' }> => e.type === 'job')
            .map((e) => e.job)
            .filter((job) => id === undefined || job.id === id),
      };
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (block.startsWith(':')) client.comments += 1;
          const id = /^id: (.*)$/m.exec(block)?.[1];
          if (id !== undefined) client.lastEventId = id;
          const type = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (!data) continue;
          const event = JSON.parse(data) as ServerEvent;
          if (type !== undefined && event.type !== type) {
            throw new Error(`SSE event name "${type}" does not match its payload type "${event.type}"`);
          }
          client.events.push(event);
          client.ids.push(id ?? '');
        }
      });
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}
