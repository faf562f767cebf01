/**
 * The server's access log: one line per request, when it is answered, with its method, URL, status and time
 * (`req`, `res`, `responseTime`). Fastify's own controller logs an "incoming request" line too, twice the
 * lines for nothing a reader needs (an event stream's comes when it opens, its end when it closes). Every other
 * log line of Fastify's (errors, 404s) stays as it is.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}
