/** GET /api/events: the Server-Sent Events stream (see event-hub.ts for the format). */
import type { FastifyInstance } from 'fastify';
import type { EventHub } from '../event-hub.js';
import { tokenOnlyQuerySchema } from '../schemas.js';

export function registerEventRoutes(app: FastifyInstance, hub: EventHub): void {
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary:
          'Server-Sent Events: job, job-removed, notification, network, settings, verification (data = JSON of the ServerEvent)',
        querystring: tokenOnlyQuerySchema,
      },
    },
    (request, reply) => {
      // The stream outlives the handler: Fastify must not send or time out this reply.
      reply.hijack();
      request.raw.socket.setTimeout(0);
      const lastEventId = request.headers['last-event-id'];
      hub.addClient(reply.raw, typeof lastEventId === 'string' ? lastEventId : undefined);
    },
  );
}
