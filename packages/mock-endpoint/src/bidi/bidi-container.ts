import type { BidiPayloadPart } from '@sagestream/core';
import type { MockState } from '../server/mock-state.js';
import type { BidiConfig, BidiEndpointConfig } from './bidi-config.js';

/** How a container failed mid-stream (mapped to an in-stream exception event). */
export type BidiContainerFailure = { type: 'model-stream-error'; errorCode: string; message: string } | { type: 'internal-stream-failure'; message: string };

/** What a bidi container may do: send reply parts, or fail the stream. */
export interface BidiContainerContext {
  endpoint: BidiEndpointConfig;
  bidi: BidiConfig;
  state: MockState;
  seed: number;
  latencyScale: number;
  emit(part: BidiPayloadPart): void;
  fail(failure: BidiContainerFailure): void;
  /** The container ended the conversation on its own (bridge: it closed the WebSocket). */
  finish(): void;
}

/** One emulated (or bridged) container WebSocket session. */
export interface BidiContainer {
  /** One input part from the client, in order. */
  input(part: BidiPayloadPart): void;
  /** The client ended its input; resolves when every reply is out. */
  end(): Promise<void>;
  /** Stops timers and sockets (client gone, fault, shutdown). */
  close(): void;
}
