import { describe, expect, it } from 'vitest';
import { classifyTransferError } from './classify-error.js';

describe('classifyTransferError', () => {
  it('classifies network errors as retryable, disk and abort errors as not', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyTransferError(reset)).toMatchObject({ code: 'TRANSFER_FAILED', retryable: true });
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(classifyTransferError(socket).retryable).toBe(true);
    const wrapped = new Error('fetch failed', { cause: socket });
    expect(classifyTransferError(wrapped).retryable).toBe(true);
    const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(classifyTransferError(full)).toMatchObject({ code: 'DISK_FULL', retryable: false });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(classifyTransferError(abort)).toMatchObject({ code: 'ABORTED', retryable: false });
    const io = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open' });
    expect(classifyTransferError(io)).toMatchObject({ code: 'IO_ERROR', retryable: false });
  });
});

describe('classifyTransferError and bugs', () => {
  it('says a network failure in words, with the code once', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4102'), { code: 'ECONNREFUSED' });
    expect(classifyTransferError(refused).message).toBe(
      'Network error: the connection was refused (connect ECONNREFUSED 127.0.0.1:4102)',
    );
    const closed = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(classifyTransferError(closed).message).toBe('Network error (UND_ERR_SOCKET): other side closed');
  });

  it('makes a plain bug INTERNAL_ERROR, not a retryable transfer failure', () => {
    const bug = new TypeError('segment.end is not a function');
    expect(classifyTransferError(bug)).toMatchObject({ code: 'INTERNAL_ERROR', retryable: false });
    // An unknown error from the HTTP stack stays a retryable transfer failure.
    expect(classifyTransferError(new Error('other side closed'))).toMatchObject({
      code: 'TRANSFER_FAILED',
      retryable: true,
    });
  });
});
