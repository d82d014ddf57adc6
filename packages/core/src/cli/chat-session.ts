import type { ChatEndpoint } from '../chat/stream-chat.js';
import { isSageStreamError } from '../errors.js';
import { closeSession, newSession } from '../session/stateful-session.js';
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
  let id: string | undefined;

  async function close(): Promise<void> {
    const closing = id;
    if (closing === undefined) return;
    id = undefined;
    try {
      await closeSession({ ...target, sessionId: closing });
      await write(io.stderr, `(session ${closing} closed)\n`);
    } catch (error) {
      const message = isSageStreamError(error) ? error.message : String(error);
      await write(io.stderr, `sagestream: could not close session ${closing}: ${message}\n`);
    }
  }

  return {
    get id() {
      return id;
    },
    async renew() {
      await close();
      const session = await newSession(target);
      id = session.id;
      await write(io.stderr, `(session ${session.id} opened${session.expiresAt ? `, expires ${session.expiresAt}` : ''})\n`);
    },
    close,
  };
}
