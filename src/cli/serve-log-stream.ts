/**
 * Where `hubget serve` writes its log. To a file, a pipe or a service manager: pino's JSON lines, one object
 * per line, for machines. On a terminal: readable lines through pino-pretty (the time, the level, the
 * message, then its fields), since the first thing a new user reads is the address to open; JSON there
 * read `{"level":30,"time":1796468326153,…}`. Pipe it (`hubget serve | cat`) to get JSON on a terminal.
 * A message is broken at spaces to the terminal's width (wrap-words.ts), as the other commands' lines: the
 * terminal cut the address a new user reads first (`listening on http://127.0.` / `0.1:3000` at 50 columns). An
 * address or a path longer than a line stays whole on a line of its own, for the terminal to wrap (it is copied).
 * A log that cannot be written stops the server (onLogFailure), as stdout that fails ends any command
 * (output-failure.ts).
 */
import pretty from 'pino-pretty';
import { cellWidth } from './format-table.js';
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapWords } from './renderers/wrap-words.js';

/** pino's levels as pino-pretty names them before a message. */
const LEVEL_LABELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Columns of what pino-pretty writes before a message: `[18:35:23] INFO: ` (translateTime below). */
function prefixWidth(level: unknown): number {
  return '[00:00:00] '.length + (LEVEL_LABELS[level as number] ?? 'USERLVL').length + ': '.length;
}

/** `message` broken at spaces to fit `columns` after a prefix `prefix` columns wide; its rest indented. */
export function fitMessage(message: string, prefix: number, columns: number | undefined): string {
  const lines = wrapWords(`${' '.repeat(prefix)}${message}`, usableColumns(columns), cellWidth);
  return lines.map((line, index) => (index === 0 ? line.slice(prefix) : line)).join('\n');
}

export function serveLogStream(out: NodeJS.WriteStream = process.stdout): NodeJS.WritableStream | undefined {
  if (!out.isTTY) return undefined;
  return pretty({
    destination: out,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    // A request's line is said in one line (requestLine); its fields are not printed again below it.
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: (log, messageKey) =>
      fitMessage(requestLine(log) ?? String(log[messageKey] ?? ''), prefixWidth(log.level), out.columns),
  });
}

/** `GET /api/downloads 200 7 ms` for the server's access log line (src/server/app.ts), else undefined. */
export function requestLine(log: Record<string, unknown>): string | undefined {
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  if (!req?.method || !req.url || res?.statusCode === undefined) return undefined;
  const took = typeof log.responseTime === 'number' ? ` ${Math.round(log.responseTime)} ms` : '';
  return `${req.method} ${req.url} ${res.statusCode}${took}`;
}

/**
 * Calls `onFailure` once, with the first write of the server's log that failed (a full disk behind `> file`,
 * `> /dev/full`, an I/O error): serve-command.ts then stops the server, its jobs saved, with the CLI's one error
 * line. Not for a reader that went away (EPIPE): pino then stops logging and the server goes on until it is
 * asked to stop (src/server/serve.ts, stdoutLog).
 */
export function onLogFailure(stream: NodeJS.EventEmitter, onFailure: (error: unknown) => void): void {
  let failed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (failed || error.code === 'EPIPE') return;
    failed = true;
    onFailure(error);
  });
}
