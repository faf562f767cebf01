/** The external watcher's logger (external-watcher.ts): what it calls, and how a faulty one is kept from a scan. */

/** The pino methods used; pass a pino logger as is (not spread: pino's methods need their `this`). */
export interface WatcherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export const silentLogger: WatcherLogger = { info() {}, warn() {} };

/** Logging must never break a scan: a faulty logger is ignored. */
export function safeLogger(logger: WatcherLogger): Required<WatcherLogger> {
  const call = (level: 'info' | 'warn' | 'debug', obj: object, msg: string) => {
    try {
      logger[level]?.(obj, msg);
    } catch {
      // Nothing sensible to do: the logger itself is what failed.
    }
  };
  return {
    info: (obj, msg) => call('info', obj, msg),
    warn: (obj, msg) => call('warn', obj, msg),
    debug: (obj, msg) => call('debug', obj, msg),
  };
}
