import { useCallback, useEffect, useState } from 'react';
import type { Revealed } from '../api-types';

/** How long revealed values stay on screen before they are masked again. */
export const REVEAL_SECONDS = 60;

/**
 * Clear values held in memory only, for REVEAL_SECONDS; then (or on leaving the page) they are
 * dropped and the masked values show again. A new reveal needs a new reason.
 */
export function useReveal(): {
  revealed: Revealed | null;
  secondsLeft: number;
  show: (values: Revealed) => void;
  hide: () => void;
} {
  const [state, setState] = useState<{ values: Revealed; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!state) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= state.until) setState(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [state]);

  const show = useCallback((values: Revealed) => {
    const at = Date.now();
    setNow(at);
    setState({ values, until: at + REVEAL_SECONDS * 1000 });
  }, []);
  const hide = useCallback(() => setState(null), []);

  return {
    revealed: state?.values ?? null,
    secondsLeft: state ? Math.max(0, Math.ceil((state.until - now) / 1000)) : 0,
    show,
    hide,
  };
}
