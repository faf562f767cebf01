import { describe, expect, it } from 'vitest';
import { Listeners } from './listeners.js';

describe('Listeners', () => {
  it('calls every listener with the arguments, each added one once per add, until removed', () => {
    const listeners = new Listeners<[number, string]>();
    const calls: string[] = [];
    const listener = (n: number, s: string) => calls.push(`${s}${n}`);
    const first = listeners.add(listener);
    const second = listeners.add(listener);
    listeners.emit(1, 'a');
    first();
    listeners.emit(2, 'b');
    second();
    listeners.emit(3, 'c');
    expect(calls).toEqual(['a1', 'a1', 'b2']);
    expect(listeners.size).toBe(0);
  });

  it('goes on past a listener that throws and hands its error to onError', () => {
    const errors: unknown[] = [];
    const listeners = new Listeners<[]>((error) => errors.push(error));
    const calls: string[] = [];
    listeners.add(() => {
      throw new Error('boom');
    });
    listeners.add(() => calls.push('after'));
    expect(() => listeners.emit()).not.toThrow();
    expect(calls).toEqual(['after']);
    expect(errors).toHaveLength(1);
  });

  it('reaches the listeners added before the emit began, even if one removes another meanwhile', () => {
    const listeners = new Listeners<[]>();
    const calls: string[] = [];
    let removeSecond = () => {};
    listeners.add(() => {
      calls.push('first');
      removeSecond();
      listeners.add(() => calls.push('late'));
    });
    removeSecond = listeners.add(() => calls.push('second'));
    listeners.emit();
    expect(calls).toEqual(['first', 'second']);
  });
});
