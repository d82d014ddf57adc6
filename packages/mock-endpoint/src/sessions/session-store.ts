/** An open stateful session: where SageMaker routes it and what the emulated instance remembers. */
export interface Session {
  id: string;
  endpoint: string;
  variant: string;
  instance: number;
  inferenceComponent: string | null;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  /** Requests served in the session so far (the open request is turn 0). */
  turns: number;
}

/** Why a session id cannot be used. */
export type SessionLookupFailure = 'unknown' | 'closed' | 'expired';

/** Open sessions of every endpoint, bounded per endpoint, expiring lazily. */
export interface SessionStore {
  /** Opens a session, or returns `full` when the endpoint already has `maxOpen` live sessions. */
  open(options: { id: string; endpoint: string; ttlMs: number; maxOpen: number; variant: string; instance: number; inferenceComponent: string | null }): Session | 'full';
  /** The live session, or why there is none. */
  get(endpoint: string, id: string): Session | SessionLookupFailure;
  /** Closes a live session; returns false when it was not live. */
  close(endpoint: string, id: string): boolean;
  /** Live sessions of an endpoint (expired ones are swept first). */
  openCount(endpoint: string): number;
}

/** How many closed or expired ids are remembered to tell them from unknown ones. */
const MAX_TOMBSTONES = 10_000;

/**
 * In-memory sessions, as the platform and the container keep them: ids expire at their TTL
 * (checked on use, swept before each open, as djl-serving and model-hosting-container-standards
 * do), and each endpoint holds at most `maxOpen` so a client cannot exhaust memory.
 */
export function createSessionStore(options: { now?: () => number } = {}): SessionStore {
  const now = options.now ?? Date.now;
  const live = new Map<string, Map<string, Session>>();
  const tombstones = new Map<string, 'closed' | 'expired'>();
  const bury = (key: string, why: 'closed' | 'expired'): void => {
    tombstones.set(key, why);
    if (tombstones.size > MAX_TOMBSTONES) tombstones.delete(tombstones.keys().next().value!);
  };
  const sessionsOf = (endpoint: string): Map<string, Session> => {
    let sessions = live.get(endpoint);
    if (!sessions) live.set(endpoint, (sessions = new Map()));
    return sessions;
  };
  const sweep = (endpoint: string): Map<string, Session> => {
    const sessions = sessionsOf(endpoint);
    const time = now();
    for (const [id, session] of sessions) {
      if (session.expiresAt <= time) {
        sessions.delete(id);
        bury(`${endpoint}\u0000${id}`, 'expired');
      }
    }
    return sessions;
  };
  return {
    open({ id, endpoint, ttlMs, maxOpen, variant, instance, inferenceComponent }) {
      const sessions = sweep(endpoint);
      if (sessions.size >= maxOpen) return 'full';
      const createdAt = now();
      const session: Session = { id, endpoint, variant, instance, inferenceComponent, createdAt, expiresAt: createdAt + ttlMs, turns: 0 };
      sessions.set(id, session);
      return session;
    },
    get(endpoint, id) {
      const sessions = sessionsOf(endpoint);
      const session = sessions.get(id);
      if (session && session.expiresAt > now()) return session;
      if (session) {
        sessions.delete(id);
        bury(`${endpoint}\u0000${id}`, 'expired');
      }
      return tombstones.get(`${endpoint}\u0000${id}`) ?? 'unknown';
    },
    close(endpoint, id) {
      const sessions = sessionsOf(endpoint);
      if (!sessions.delete(id)) return false;
      bury(`${endpoint}\u0000${id}`, 'closed');
      return true;
    },
    openCount(endpoint) {
      return sweep(endpoint).size;
    },
  };
}
