import type { EndpointConfig } from '../config/mock-config.js';
import type { Generation } from '../generation/generate.js';

/** What the container receives from SageMaker: the body and the forwarded headers. */
export interface ContainerRequest {
  body: Uint8Array;
  /** The client's Content-Type (SageMaker forwards it); undefined when the client sent none (boto3). */
  contentType: string | undefined;
  endpoint: EndpointConfig;
  /** Seed of this request: replies, token ids and log-probabilities derive from it. */
  seed: number;
  /** Make the container write its own in-band error instead of the token after `afterTokens`. */
  containerError: { afterTokens: number } | null;
  /** Unix seconds, for `created` fields. */
  clock: () => number;
  /**
   * What a real model behind `--backend` generates, possibly still arriving (a live generation):
   * used as is, without the mock's own stop and length cut. The endpoint's reply mode otherwise.
   */
  backendGeneration?: Generation;
}

/** One write of the container: the runtime turns each into (at least) one PayloadPart. */
export interface ContainerFlush {
  bytes: Uint8Array;
  /** Generated tokens this write carries (journal and `mock-fault-after` count these). */
  tokens: number;
  /** Token delays to wait before this write: the first is the time to first token (0: at once). */
  waits: number;
  /**
   * Set on a placeholder (no bytes, no tokens): the container has nothing to write until the
   * live model sends more; the runtime resumes once this settles.
   */
  ready?: Promise<void>;
}

/** The container answered with an HTTP error before any body byte (→ ModelError 424). */
export interface ContainerRejection {
  type: 'rejected';
  status: number;
  contentType: string;
  body: string;
}

/** The container accepted the request and will write `flushes`. */
export interface ContainerAcceptance {
  type: 'accepted';
  /** The container's response Content-Type (→ `X-Amzn-SageMaker-Content-Type`). */
  contentType: string;
  /** The prompt text the reply was chosen for (journal, logs). */
  prompt: string;
  /** Null when the response holds no generation (e.g. an in-band validation error). */
  generation: Generation | null;
  /** The container's writes, rendered lazily so that `created: now` is the send time. */
  flushes: Iterable<ContainerFlush>;
  /**
   * True when the answer is one body rendered from the complete generation (a container that
   * streams live, asked for a whole answer): the runtime awaits a live model's whole answer
   * before it answers, and a model failing midway is then a failed container (424), as on
   * InvokeEndpoint. `flushes` must render lazily.
   */
  awaitsWholeGeneration?: boolean;
  /**
   * Response headers the runtime hands to the client (InvokeEndpoint only): the session ids.
   * An empty `contentType` means the container sent none.
   */
  headers?: Record<string, string>;
}

/** What a container does with a request. */
export type ContainerResponse = ContainerRejection | ContainerAcceptance;

/** A container emulation (LMI, TGI). */
export interface Container {
  handle(request: ContainerRequest): ContainerResponse;
  /**
   * True when the container streams a live `backendGeneration` token by token as it arrives;
   * the others receive the model's complete answer.
   */
  readonly streamsLive?: boolean;
}
