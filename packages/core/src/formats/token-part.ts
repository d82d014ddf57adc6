/** Container output formats SageStream understands. */
export type ContainerFormat = 'lmi' | 'lmi-legacy' | 'tgi' | 'messages' | 'raw';

/** All format names, for option validation and help texts. */
export const CONTAINER_FORMATS: readonly ContainerFormat[] = ['lmi', 'lmi-legacy', 'tgi', 'messages', 'raw'];

/** How container output is framed into records. */
export type ContainerFraming = 'jsonlines' | 'sse' | 'raw';

/** Normalised finish reasons; the container's own word is kept in `rawFinishReason`. */
export type FinishReason = 'stop' | 'length' | 'stop-sequence' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Token accounting reported by the container, when it reports any. */
export interface TokenUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** A piece of generated text. */
export interface TextDeltaPart {
  type: 'text-delta';
  text: string;
  tokenId?: number;
  logprob?: number;
  /** Only present (true) for special tokens, which are dropped unless `includeSpecialTokens` is set. */
  special?: boolean;
}

/**
 * Reasoning ("thinking") text that servers stream separately from the answer: vLLM's
 * `delta.reasoning` (since Nov 2025) or the older `delta.reasoning_content` (DeepSeek-style servers).
 */
export interface ReasoningDeltaPart {
  type: 'reasoning-delta';
  text: string;
}

/** A piece of a tool call (Messages API `delta.tool_calls`). */
export interface ToolCallDeltaPart {
  type: 'tool-call-delta';
  index: number;
  id?: string;
  name?: string;
  argumentsDelta: string;
}

/** One complete tool call, assembled from its `tool-call-delta` fragments. */
export interface ToolCall {
  /** The call's `index` in `delta.tool_calls`. */
  index: number;
  /** The server's call id (`""` if it sent none). */
  id: string;
  /** The function name (`""` if it sent none). */
  name: string;
  /** The concatenated `function.arguments` string as sent (usually JSON, not validated here). */
  arguments: string;
}

/** A tool call is complete: emitted when its choice finishes (or at the end of the reply). */
export interface ToolCallPart extends ToolCall {
  type: 'tool-call';
}

/** The reply ended normally. Emitted once, never after a `stream-error`. */
export interface MessageEndPart {
  type: 'message-end';
  finishReason?: FinishReason;
  rawFinishReason?: string;
  /** The full text as the container reports it (TGI/LMI `generated_text`). */
  generatedText?: string;
  usage?: TokenUsage;
  /** The container's `details` object, as sent. */
  details?: Record<string, unknown>;
  /** Every tool call of the reply, assembled (Messages API). */
  toolCalls?: ToolCall[];
}

/** The stream ended with an error: in the container's own output, or from SageMaker. */
export interface StreamErrorPart {
  type: 'stream-error';
  /**
   * Container: TGI `error_type` (`generation`, `validation`, …), `container-error` otherwise.
   * Service: the ModelStreamError `ErrorCode` (`ModelInvocationTimeExceeded`, `StreamBroken`),
   * `InternalStreamFailure`, or the `:error-code` of an error frame.
   */
  code: string;
  message: string;
  source: 'container' | 'service';
  /** HTTP-like status the container gave (LMI `code`, OpenAI `http_status_code`). */
  status?: number;
  /** Service errors: the exception type (`ModelStreamError`, `InternalStreamFailure`, …). */
  errorType?: string;
}

/**
 * What a decoded stream yields, in order: any number of deltas, then exactly one of
 * `message-end` or `stream-error` (unless the input is corrupt, which throws instead).
 */
export type TokenPart = TextDeltaPart | ReasoningDeltaPart | ToolCallDeltaPart | ToolCallPart | MessageEndPart | StreamErrorPart;
