import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `everyMs`: the clocks' "time left" counts down on an open page
 * without asking the server again (the server's `state` is the truth after each load).
 */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
