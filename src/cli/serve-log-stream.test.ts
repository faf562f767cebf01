import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { requestLine, serveLogStream } from './serve-log-stream.js';

type Output = NodeJS.WriteStream & { text: () => string; lines: () => string[] };

/** A stand-in for process.stdout: a terminal or not; what it got, and its non-empty lines without colours. */
function output(isTTY: boolean): Output {
  const stream = new PassThrough() as unknown as Output;
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += String(chunk);
  });
  const lines = () =>
    stripVTControlCharacters(text)
      .split('\n')
      .filter((line) => line !== '');
  Object.assign(stream, { isTTY, text: () => text, lines });
  return stream;
}

describe('serveLogStream', () => {
  it("keeps pino's JSON lines off a terminal", () => {
    expect(serveLogStream(output(false))).toBeUndefined();
  });

  it('writes readable lines on a terminal: a request in one line, a message with its fields below', async () => {
    const out = output(true);
    const stream = serveLogStream(out)!;
    const time = Date.parse('2026-12-05T11:48:59Z');
    const request = { method: 'GET', url: '/api/downloads' };
    stream.write(
      `${JSON.stringify({ level: 30, time, pid: 1, hostname: 'vm', reqId: 'req-1', req: request, res: { statusCode: 200 }, responseTime: 3.2, msg: 'request completed' })}\n`,
    );
    stream.write(
      `${JSON.stringify({ level: 30, time, pid: 1, hostname: 'vm', url: 'http://127.0.0.1:3000', msg: 'hubget listening on http://127.0.0.1:3000' })}\n`,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const text = stripVTControlCharacters(out.text());
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/downloads 200 3 ms\n/);
    expect(text).toContain(
      'INFO: hubget listening on http://127.0.0.1:3000\n    url: "http://127.0.0.1:3000"',
    );
    expect(text).not.toMatch(/"level"|reqId|hostname/);
  });
});

describe('serveLogStream on a narrow terminal', () => {
  it('breaks a message at spaces to the width, the address whole', async () => {
    const out = Object.assign(output(true), { columns: 50 });
    const stream = serveLogStream(out)!;
    const message = 'hubget listening on http://127.0.0.1:4135';
    stream.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.lines()).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: hubget listening on$/),
      '  http://127.0.0.1:4135',
    ]);
  });
});

describe('serveLogStream: paths and addresses whole', () => {
  it.each([40, 60])(
    'says a path or an address longer than a line whole on one line at %i columns',
    async (columns) => {
      const out = Object.assign(output(true), { columns });
      const stream = serveLogStream(out)!;
      const url = 'http://a-rather-long-host-name.internal.example:4135/';
      const path = '/srv/hubget/a-rather-long-folder-name/huggingface/hub/models--org--model';
      stream.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: `hubget listening on ${url}` })}\n`);
      stream.write(
        `${JSON.stringify({ level: 40, time: Date.now(), msg: `could not read ${path}, skipped` })}\n`,
      );
      await new Promise((resolve) => setImmediate(resolve));
      const lines = out.lines();
      // Broken after a `/`, the address and the path were copied with a newline and an indent in them.
      expectWholePaths(lines, columns - 1, [url, `${path},`]);
    },
  );
});

describe('requestLine', () => {
  it('is only for access log lines', () => {
    expect(requestLine({ req: { method: 'PUT', url: '/x' }, res: { statusCode: 204 } })).toBe('PUT /x 204');
    expect(requestLine({ msg: 'hubget listening' })).toBeUndefined();
  });
});
