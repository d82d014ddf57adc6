/** Who said a message. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One turn of a conversation. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** Assistant turns: the tools the model called (Messages API bodies send them as `tool_calls`). */
  toolCalls?: readonly ChatToolCall[];
  /**
   * A tool's result for the call with this id: sent as a `tool` message in Messages API bodies;
   * `inputs`-style templates render it as the user turn it is (`role: 'user'`).
   */
  toolCallId?: string;
}

/** A tool call in a conversation's history. */
export interface ChatToolCall {
  id: string;
  name: string;
  /** The arguments as JSON text. */
  arguments: string;
}

/** A tool the model may call (Messages API `tools`, type `function`). */
export interface ChatTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
}

/** Whether the model may (`auto`), must (`required`) or must not (`none`) call a tool. */
export type ChatToolChoice = 'auto' | 'required' | 'none';

/** Generation parameters, named once and translated per container. */
export interface GenerationParameters {
  /** `max_tokens` (Messages API) / `max_new_tokens` (TGI, LMI). */
  maxTokens?: number;
  /** 0 means greedy decoding (sent as `do_sample: false` where the container rejects 0). */
  temperature?: number;
  topP?: number;
  /** Stop sequences, sent to the container and also enforced client-side. */
  stop?: string[];
  seed?: number;
}
