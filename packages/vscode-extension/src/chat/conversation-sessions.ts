import { closeSession, isSessionExpired, newSession, type StreamTransport } from '@sagestream/core';
import type { EndpointProfile } from './endpoint-profile.js';

/** Options of {@link createConversationSessions}. */
export interface ConversationSessionsOptions {
  transportFor(profile: EndpointProfile): StreamTransport;
  /** A session could not be closed (it expires on its own); the message says which and why. */
  onCloseError?(message: string): void;
  /** The clock for expiry checks (default `Date.now`). */
  now?: () => number;
}

/** Stateful sessions, one per conversation (the `sagestream.statefulSessions` setting). */
export interface ConversationSessions {
  /**
   * The session of a conversation on a profile, opened if it has none (or one on another
   * endpoint, which is closed). Marks it in use until {@link done}. Rejects with core's error.
   */
  acquire(options: { conversationId: string; profile: EndpointProfile; transport: StreamTransport; signal?: AbortSignal }): Promise<string>;
  /** The reply that acquired the session ended: a close requested meanwhile happens now. */
  done(conversationId: string): Promise<void>;
  /** Closes the conversation's session, or right after its reply ends if one is streaming. */
  release(conversationId: string): Promise<void>;
  /** Closes every session (waiting for none: call after replies have stopped). */
  releaseAll(): Promise<void>;
  /** The open session id of a conversation, if any. */
  idOf(conversationId: string): string | undefined;
}

interface Session {
  id: string;
  expiresAt?: string;
  profile: EndpointProfile;
  inUse: boolean;
  closeWhenDone: boolean;
}

/** Profiles that route to the same place can share a session. */
function sameTarget(a: EndpointProfile, b: EndpointProfile): boolean {
  return (
    a.endpointName === b.endpointName &&
    a.source === b.source &&
    a.region === b.region &&
    a.profile === b.profile &&
    a.endpointUrl === b.endpointUrl &&
    a.inferenceComponentName === b.inferenceComponentName &&
    a.targetVariant === b.targetVariant
  );
}

function targetOf(profile: EndpointProfile) {
  return {
    endpointName: profile.endpointName,
    ...(profile.inferenceComponentName ? { inferenceComponentName: profile.inferenceComponentName } : {}),
    ...(profile.targetVariant ? { targetVariant: profile.targetVariant } : {}),
    ...(profile.customAttributes ? { customAttributes: profile.customAttributes } : {}),
  };
}

/**
 * Keeps a stateful session per conversation: opened (InvokeEndpoint `NEW_SESSION`) before the
 * conversation's first reply, reused by the next ones so the same instance keeps its state, and
 * closed (`CLOSE`) on New Chat, on delete and when the extension stops.
 */
export function createConversationSessions(options: ConversationSessionsOptions): ConversationSessions {
  const sessions = new Map<string, Session>();

  async function close(session: Session): Promise<void> {
    try {
      await closeSession({ transport: options.transportFor(session.profile), ...targetOf(session.profile), sessionId: session.id });
    } catch (error) {
      options.onCloseError?.(`Could not close session ${session.id} on ${session.profile.label} (it expires on its own): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function release(conversationId: string): Promise<void> {
    const session = sessions.get(conversationId);
    if (!session) return;
    if (session.inUse) {
      session.closeWhenDone = true;
      return;
    }
    sessions.delete(conversationId);
    await close(session);
  }

  return {
    async acquire({ conversationId, profile, transport, signal }) {
      let existing = sessions.get(conversationId);
      // An expired session is gone on the service side (it would answer ValidationError): forget it.
      if (existing && isSessionExpired(existing, (options.now ?? Date.now)())) {
        sessions.delete(conversationId);
        existing = undefined;
      }
      if (existing && sameTarget(existing.profile, profile)) {
        existing.inUse = true;
        existing.closeWhenDone = false;
        return existing.id;
      }
      if (existing) {
        sessions.delete(conversationId);
        await close(existing);
      }
      const opened = await newSession({ transport, ...targetOf(profile), ...(signal ? { signal } : {}) });
      sessions.set(conversationId, { id: opened.id, ...(opened.expiresAt ? { expiresAt: opened.expiresAt } : {}), profile, inUse: true, closeWhenDone: false });
      return opened.id;
    },
    async done(conversationId) {
      const session = sessions.get(conversationId);
      if (!session) return;
      session.inUse = false;
      if (session.closeWhenDone) await release(conversationId);
    },
    release,
    async releaseAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map(close));
    },
    idOf: (conversationId) => sessions.get(conversationId)?.id,
  };
}
