/**
 * One EventSource on /api/live per logged-in tab (cookie auth). Pages subscribe to named events
 * (`jurisdiction.changed` …) with useLiveEvent; the browser reconnects by itself and the server
 * replays what was missed after Last-Event-ID.
 */
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { Permission } from '../../../../domain/access.js';
import { useAuth } from '../auth/auth.context';

type Listener = (data: unknown) => void;

class LiveHub {
  private listeners = new Map<string, Set<Listener>>();
  private source: EventSource | null = null;
  private attached = new Set<string>();
  private onStatus: (connected: boolean) => void = () => undefined;

  connect(onStatus: (connected: boolean) => void): void {
    if (this.source) return;
    this.onStatus = onStatus;
    const source = new EventSource('/api/live');
    source.onopen = () => onStatus(true);
    source.onerror = () => onStatus(source.readyState === EventSource.OPEN);
    this.source = source;
    this.attached.clear();
    for (const topic of this.listeners.keys()) this.attach(topic);
  }

  disconnect(): void {
    this.source?.close();
    this.source = null;
    this.onStatus(false);
  }

  private attach(topic: string): void {
    if (!this.source || this.attached.has(topic)) return;
    this.attached.add(topic);
    this.source.addEventListener(topic, (event) => {
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return; // Not ours to guess at: a malformed event is dropped.
      }
      for (const listener of this.listeners.get(topic) ?? []) listener(data);
    });
  }

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    this.attach(topic);
    return () => set.delete(listener);
  }
}

interface LiveState {
  hub: LiveHub;
  connected: boolean;
}

const LiveContext = createContext<LiveState | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const { user, can } = useAuth();
  const [hub] = useState(() => new LiveHub());
  const [connected, setConnected] = useState(false);
  // Not before a temporary password is changed: the server refuses everything else until then.
  const enabled = user !== null && !user.mustChangePassword && can(Permission.LiveSubscribe);

  useEffect(() => {
    if (!enabled) return;
    hub.connect(setConnected);
    return () => hub.disconnect();
  }, [hub, enabled]);

  return (
    <LiveContext.Provider value={{ hub, connected: enabled && connected }}>{children}</LiveContext.Provider>
  );
}

export function useLiveStatus(): boolean {
  return useContext(LiveContext)?.connected ?? false;
}

/** Calls `handler` with each event's data; the latest handler is used without resubscribing. */
export function useLiveEvent<T>(topic: string, handler: (data: T) => void): void {
  const hub = useContext(LiveContext)?.hub;
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!hub) return;
    return hub.subscribe(topic, (data) => latest.current(data as T));
  }, [hub, topic]);
}

/** `useLiveEvent` for several topics at once, with one handler (the topic is passed along). */
export function useLiveEvents(
  topics: readonly string[],
  handler: (topic: string, data: unknown) => void,
): void {
  const hub = useContext(LiveContext)?.hub;
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const key = topics.join(' ');
  useEffect(() => {
    if (!hub || key === '') return;
    const stops = key.split(' ').map((topic) => hub.subscribe(topic, (data) => latest.current(topic, data)));
    return () => {
      for (const stop of stops) stop();
    };
  }, [hub, key]);
}
