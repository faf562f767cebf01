import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { EXIT_BROKEN_PIPE, EXIT_FAILURE, FORCED_EXIT_AFTER_MS } from './cli-error.js';
import { outputError, outputFailureStatus, outputSettled, watchOutput } from './output-failure.js';

const errno = (code: string, message: string) =>
  Object.assign(new Error(message), { code, syscall: 'write' });

function capture() {
  let text = '';
  const stderr = new PassThrough();
  stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { io: { stderr, env: {} }, text: () => text };
}

describe('a stdout that cannot be written', () => {
  it('names stdout and the reason, with the code of the reason', () => {
    expect(outputError(errno('ENOSPC', 'ENOSPC: no space left on device, write'))).toMatchObject({
      code: 'DISK_FULL',
      message: 'Cannot write to standard output: No space left on device',
    });
    expect(outputError(errno('EIO', 'EIO: i/o error, write'))).toMatchObject({
      code: 'IO_ERROR',
      message: 'Cannot write to standard output: EIO: i/o error, write',
    });
  });

  it('prints one error line and fails; a closed pipe exits 141 silently', async () => {
    const failing = capture();
    expect(outputFailureStatus(failing.io, errno('ENOSPC', 'no space'))).toBe(EXIT_FAILURE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failing.text()).toBe(
      'error [DISK_FULL]: Cannot write to standard output: No space left on device\n',
    );
    const closed = capture();
    expect(outputFailureStatus(closed.io, errno('EPIPE', 'broken pipe'))).toBe(EXIT_BROKEN_PIPE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed.text()).toBe('');
  });

  it('waits for pending writes and gives the error of one that failed', async () => {
    const failure = errno('ENOSPC', 'no space');
    const slowlyFailing = new Writable({
      write(_chunk, _encoding, callback) {
        setTimeout(() => callback(failure), 10);
      },
    });
    slowlyFailing.on('error', () => {});
    slowlyFailing.write('the path\n');
    await expect(outputSettled(slowlyFailing)).resolves.toBe(failure);

    const written: string[] = [];
    const healthy = new Writable({
      write(chunk, _encoding, callback) {
        written.push(chunk.toString());
        callback();
      },
    });
    healthy.write('the path\n');
    await expect(outputSettled(healthy)).resolves.toBeUndefined();
    // Nothing pending: nothing more is written (an empty write fails on /dev/full).
    expect(written).toEqual(['the path\n']);
  });
});

describe('watching stdout (watchOutput)', () => {
  it('exits at once when no command asked to be stopped', () => {
    const stdout = new PassThrough();
    const exits: number[] = [];
    const watch = watchOutput(stdout, capture().io, (status) => exits.push(status));
    stdout.emit('error', errno('EPIPE', 'broken pipe'));
    expect(exits).toEqual([EXIT_BROKEN_PIPE]);
    expect(watch.failedStatus).toBe(EXIT_BROKEN_PIPE);
  });

  it('stops a running command first, reports once, and exits anyway if it does not return in time', async () => {
    vi.useFakeTimers();
    try {
      const stdout = new PassThrough();
      const stderr = capture();
      const exits: number[] = [];
      const watch = watchOutput(stdout, stderr.io, (status) => exits.push(status));
      const stop = vi.fn();
      const removed = vi.fn();
      watch.onFailure(stop);
      watch.onFailure(removed)();
      stdout.emit('error', errno('ENOSPC', 'no space'));
      stdout.emit('error', errno('ENOSPC', 'no space'));
      expect(stop).toHaveBeenCalledOnce();
      expect(removed).not.toHaveBeenCalled();
      expect(watch.failedStatus).toBe(EXIT_FAILURE);
      expect(exits).toEqual([]);
      vi.advanceTimersByTime(FORCED_EXIT_AFTER_MS);
      expect(exits).toEqual([EXIT_FAILURE]);
      await vi.runAllTimersAsync();
      expect(stderr.text()).toBe(
        'error [DISK_FULL]: Cannot write to standard output: No space left on device\n',
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
