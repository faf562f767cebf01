import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest } from './access-log.js';

describe('OneLinePerRequest', () => {
  it('logs one line per answered request, with its method, URL, status and time', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new OneLinePerRequest() });
    app.get('/ok', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/ok' });
    await app.inject({ method: 'GET', url: '/missing' });
    await app.close();
    const requests = lines.filter((line) => line.req !== undefined);
    expect(
      requests.map((line) => [
        line.msg,
        (line.req as { url: string }).url,
        (line.res as { statusCode: number }).statusCode,
      ]),
    ).toEqual([
      ['request completed', '/ok', 200],
      ['request completed', '/missing', 404],
    ]);
    expect(requests.every((line) => typeof line.responseTime === 'number')).toBe(true);
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
  });
});
