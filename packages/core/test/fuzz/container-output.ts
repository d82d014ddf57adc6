import fc from 'fast-check';
import { DEFAULT_SPECIAL_TOKEN_TEXTS, type ContainerFormat, type TokenPart, type TokenUsage } from '../../src/index.js';

/** A generated container reply: its bytes as the container writes them, and what must be decoded from them. */
export interface GeneratedOutput {
  format: Exclude<ContainerFormat, 'raw'>;
  contentType: string;
  /** One string per record (line or SSE event), in order. */
  records: string[];
  expected: { text: string; generatedText?: string; finishReason?: string; usage?: TokenUsage };
  /** True when a record (not the end of the stream) ends the reply: TGI/LMI final record, [DONE]. */
  endsInBand: boolean;
}

const SPECIAL = new Set(DEFAULT_SPECIAL_TOKEN_TEXTS);
const tokenText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((text) => !SPECIAL.has(text));
const tokens = (minLength: number) => fc.array(tokenText, { minLength, maxLength: 14 });

const lmiLegacy = tokens(0).map((list): GeneratedOutput => ({
  format: 'lmi-legacy',
  contentType: 'application/jsonlines',
  records: list.map((text) => `${JSON.stringify({ outputs: [text] })}\n`),
  expected: { text: list.join('') },
  endsInBand: false,
}));

const lmi = fc.tuple(tokens(1), fc.constantFrom('application/jsonlines', 'text/event-stream')).map(([list, contentType]): GeneratedOutput => {
  const sse = contentType === 'text/event-stream';
  const records = list.map((text, i) => {
    const last = i === list.length - 1;
    const record = { token: { id: i, text, log_prob: -0.5 }, ...(last ? { generated_text: list.join(''), details: { finish_reason: 'length', generated_tokens: list.length } } : {}) };
    return sse ? `data: ${JSON.stringify(record)}\n\n` : `${JSON.stringify(record)}\n`;
  });
  return { format: 'lmi', contentType, records, expected: { text: list.join(''), generatedText: list.join(''), finishReason: 'length', usage: { completionTokens: list.length } }, endsInBand: true };
});

const tgi = fc.tuple(tokens(1), fc.array(fc.boolean(), { maxLength: 14 })).map(([list, specials]): GeneratedOutput => {
  const records: string[] = [];
  let index = 0;
  list.forEach((text, i) => {
    // Special tokens (flagged) in between are dropped, not part of the text.
    if (specials[i]) records.push(`data:${JSON.stringify({ index: ++index, token: { id: 2, text: '</s>', logprob: -0.1, special: true }, generated_text: null, details: null })}\n\n`);
    const last = i === list.length - 1;
    const record = { index: ++index, token: { id: i, text, logprob: -0.5, special: false }, generated_text: last ? list.join('') : null, details: last ? { finish_reason: 'eos_token', generated_tokens: index, seed: null } : null };
    records.push(`data:${JSON.stringify(record)}\n\n`);
  });
  return { format: 'tgi', contentType: 'text/event-stream', records, expected: { text: list.join(''), generatedText: list.join(''), finishReason: 'stop', usage: { completionTokens: index } }, endsInBand: true };
});

const messages = fc.tuple(tokens(0), fc.constantFrom('application/jsonlines', 'text/event-stream'), fc.nat({ max: 1000 })).map(([list, contentType, prompt]): GeneratedOutput => {
  const sse = contentType === 'text/event-stream';
  const chunk = (choices: unknown[], usage: unknown = null) => ({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices, usage });
  const bodies = [
    ...list.map((content) => chunk([{ index: 0, delta: { role: 'assistant', content }, logprobs: null, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
    chunk([], { prompt_tokens: prompt, completion_tokens: list.length, total_tokens: prompt + list.length }),
  ];
  const records = bodies.map((body) => (sse ? `data: ${JSON.stringify(body)}\n\n` : `${JSON.stringify(body)}\n`));
  if (sse) records.push('data: [DONE]\n\n');
  return {
    format: 'messages',
    contentType,
    records,
    expected: { text: list.join(''), finishReason: 'stop', usage: { promptTokens: prompt, completionTokens: list.length, totalTokens: prompt + list.length } },
    endsInBand: sse,
  };
});

/** A valid reply of any supported format. */
export const containerOutput: fc.Arbitrary<GeneratedOutput> = fc.oneof(lmiLegacy, lmi, tgi, messages);

/** Records built from arbitrary JSON, and near-miss shapes of every format (wrong types in known keys). */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const nearMiss = fc.oneof(
  fc.record({ outputs: fc.oneof(fc.array(anyJson), anyJson) }, { requiredKeys: [] }),
  fc.record({ token: fc.oneof(anyJson, fc.record({ id: anyJson, text: anyJson, logprob: anyJson, log_prob: anyJson, special: anyJson, error_msg: anyJson }, { requiredKeys: [] })), generated_text: anyJson, details: fc.oneof(anyJson, fc.record({ finish_reason: anyJson, generated_tokens: anyJson }, { requiredKeys: [] })) }, { requiredKeys: [] }),
  fc.record({ object: fc.constantFrom('chat.completion.chunk', 'text_completion', 'error'), choices: fc.oneof(anyJson, fc.array(fc.record({ index: anyJson, delta: fc.oneof(anyJson, fc.record({ content: anyJson, reasoning_content: anyJson, tool_calls: fc.oneof(anyJson, fc.array(fc.record({ index: anyJson, id: anyJson, function: fc.oneof(anyJson, fc.record({ name: anyJson, arguments: anyJson }, { requiredKeys: [] })) }, { requiredKeys: [] }))) }, { requiredKeys: [] })), text: anyJson, logprobs: anyJson, finish_reason: anyJson }, { requiredKeys: [] }))), usage: anyJson, message: anyJson, type: anyJson, code: anyJson }, { requiredKeys: [] }),
  fc.record({ error: fc.oneof(anyJson, fc.record({ message: anyJson, type: anyJson, http_status_code: anyJson, code: anyJson }, { requiredKeys: [] })), error_type: anyJson, code: anyJson }, { requiredKeys: [] }),
  anyJson,
);

/** Container output of arbitrary / near-miss JSON records, as JSON Lines or SSE. */
export const arbitraryOutput = fc.tuple(fc.array(nearMiss, { maxLength: 6 }), fc.constantFrom('application/jsonlines', 'text/event-stream')).map(([values, contentType]) => ({
  contentType,
  text: values.map((value) => (contentType === 'text/event-stream' ? `data:${JSON.stringify(value)}\n\n` : `${JSON.stringify(value)}\n`)).join(''),
}));

/** What a part list says, independent of how the text was cut into deltas. */
export function summarize(parts: TokenPart[]) {
  const terminals = parts.filter((part) => part.type === 'message-end' || part.type === 'stream-error');
  return {
    text: parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join(''),
    reasoning: parts.map((part) => (part.type === 'reasoning-delta' ? part.text : '')).join(''),
    toolCalls: parts.filter((part) => part.type === 'tool-call-delta'),
    terminals,
  };
}
