import type { ChatEndpoint } from '../chat/stream-chat.js';
import { isSageStreamError } from '../errors.js';
import { closeSession, isSessionExpired, newSession, type StatefulSession } from '../session/stateful-session.js';
import type { StreamTransport } from '../transport/transport.js';
import { write, type CliIo } from './cli-io.js';

/** The stateful session of one `sagestream chat`: opened at start, replaced on /reset, closed on exit. */
export interface ChatSession {
  /** The open session's id (undefined after `close`). */
  readonly id: string | undefined;
  /** Opens a session (closing the current one first). Rejects with the SageStreamError. */
  renew(): Promise<void>;
  /** Closes the open session; failures are reported on stderr, never thrown. */
  close(): Promise<void>;
  /** Opens a new session if the current one has expired (the service would refuse it). */
  renewIfExpired(): Promise<void>;
}

/** Options of {@link createChatSession}. */
export interface ChatSessionOptions {
  transport: StreamTransport;
  endpoint: ChatEndpoint;
  io: CliIo;
}

/** Creates the session manager of a chat; call `renew()` to open the first session. */
export function createChatSession(options: ChatSessionOptions): ChatSession {
  const { transport, endpoint, io } = options;
  const target = {
    transport,
    endpointName: endpoint.endpointName,
    ...(endpoint.inferenceComponentName ? { inferenceComponentName: endpoint.inferenceComponentName } : {}),
    ...(endpoint.targetVariant ? { targetVariant: endpoint.targetVariant } : {}),
    ...(endpoint.targetContainerHostname ? { targetContainerHostname: endpoint.targetContainerHostname } : {}),
    ...(endpoint.customAttributes ? { customAttributes: endpoint.customAttributes } : {}),
  };
  let current: StatefulSession | undefined;

  async function close(): Promise<void> {
    const closing = current?.id;
    if (closing === undefined) return;
    current = undefined;
    try {
      await closeSession({ ...target, sessionId: closing });
      await write(io.stderr, `(session ${closing} closed)\n`);
    } catch (error) {
      const message = isSageStreamError(error) ? error.message : String(error);
      await write(io.stderr, `sagestream: could not close session ${closing}: ${message}\n`);
    }
  }

  async function renew(): Promise<void> {
    await close();
    const session = await newSession(target);
    current = session;
    await write(io.stderr, `(session ${session.id} opened${session.expiresAt ? `, expires ${session.expiresAt}` : ''})\n`);
  }

  return {
    get id() {
      return current?.id;
    },
    renew,
    close,
    async renewIfExpired() {
      if (!current || !isSessionExpired(current)) return;
      // An expired session is gone on the service side: nothing to close.
      await write(io.stderr, `(session ${current.id} expired)\n`);
      current = undefined;
      await renew();
    },
  };
}
