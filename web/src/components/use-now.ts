/**
 * The browser's clock, read again every `intervalMs` (a re-render each time): for what counts by itself between
 * the server's updates (a wait's countdown, a finished job leaving the panel).
 */
import { useEffect, useState } from 'react';

export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
