/** Who said a message. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One turn of a conversation. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

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
