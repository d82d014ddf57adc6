/**
 * Independent checks of container output against the exact formats of wire spec §10 — written
 * from the spec, not from the mock's serialisers, so a bug cannot hide by being on both sides.
 */

const STRING = String.raw`"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-f]{4})*"`;
/** Python float repr: always a dot or an exponent (`-0.25`, `-1.0`, `1e-05`). */
const PYTHON_FLOAT = String.raw`-?(?:\d+\.\d+(?:e[-+]\d\d)?|\d+e[-+]\d\d)`;
/** serde_json f32 (ryu): `-0.25`, `-12.0`, `1e-7`. */
const RUST_FLOAT = String.raw`-?(?:\d+\.\d+|\d+(?:\.\d+)?e-?\d+)`;
const LMI_FINISH = '(?:length|eos_token|stop_sequence)';

const LMI_TOKEN = String.raw`\{"id": \d+, "text": ${STRING}, "log_prob": ${PYTHON_FLOAT}(?:, "special_token": true)?\}`;
const LMI_LINE = String.raw`\{"token": ${LMI_TOKEN}(?:, "generated_text": ${STRING}(?:, "details": \{"finish_reason": "${LMI_FINISH}", "generated_tokens": \d+, "inputs": ${STRING}\})?)?\}`;
const PATTERNS = {
  lmi: new RegExp(String.raw`^${LMI_LINE}\n$`),
  lmiSse: new RegExp(String.raw`^data: ${LMI_LINE}\n\n$`),
  lmiLegacy: new RegExp(String.raw`^\{"outputs": \[${STRING}\]\}\n$`),
  lmiChat: new RegExp(
    String.raw`^\{"id": "chatcmpl-[^"]+", "object": "chat\.completion\.chunk", "created": \d+, "choices": \[\{"index": 0, "delta": \{"content": ${STRING}(, "role": "assistant")?\}, "logprobs": null, "finish_reason": (?:null|"${LMI_FINISH}")\}\]\}\n$`,
  ),
  tgi: new RegExp(
    String.raw`^data:\{"index":\d+,"token":\{"id":\d+,"text":${STRING},"logprob":${RUST_FLOAT},"special":(?:true|false)\},"generated_text":(?:null|${STRING}),"details":(?:null|\{"finish_reason":"${LMI_FINISH}","generated_tokens":\d+,"seed":(?:null|\d+),"input_length":\d+\})\}\n\n$`,
  ),
  tgiChat: new RegExp(
    String.raw`^data:\{"object":"chat\.completion\.chunk","id":"","created":\d+,"model":${STRING},"system_fingerprint":${STRING},"choices":\[\{"index":0,"delta":\{"role":"assistant","content":${STRING}\},"logprobs":null,"finish_reason":(?:null|"(?:stop|length|stop_sequence)")\}\],"usage":null\}\n\n$`,
  ),
  tgiChatUsage: new RegExp(
    String.raw`^data:\{"object":"chat\.completion\.chunk","id":"","created":\d+,"model":${STRING},"system_fingerprint":${STRING},"choices":\[\],"usage":\{"prompt_tokens":\d+,"completion_tokens":\d+,"total_tokens":\d+\}\}\n\n$`,
  ),
};

/** The container formats the mock writes. */
export type OutputFormat = 'lmi' | 'lmi-sse' | 'lmi-legacy' | 'lmi-chat' | 'tgi' | 'tgi-chat';

/** What a checked stream says. */
export interface CheckedOutput {
  /** The records (lines or SSE events), exactly as written. */
  records: string[];
  /** The visible generated text: token texts without special tokens. */
  text: string;
  /** The finish reason of the last record (null for the legacy format, which has none). */
  finishReason: string | null;
}

function fail(format: OutputFormat, record: string, why: string): never {
  throw new Error(`${format} output: ${why}: ${JSON.stringify(record)}`);
}

/** Splits into records that keep their terminators: `…\n` lines, or `…\n\n` SSE events. */
function split(text: string, terminator: string): string[] {
  const records: string[] = [];
  let start = 0;
  for (let index = text.indexOf(terminator); index !== -1; index = text.indexOf(terminator, start)) {
    records.push(text.slice(start, index + terminator.length));
    start = index + terminator.length;
  }
  if (start < text.length) throw new Error(`unterminated record at the end: ${JSON.stringify(text.slice(start))}`);
  return records;
}

/**
 * Checks every record against the format's exact layout (key order, separators, `data:` vs
 * `data: `), then the semantics: one final record, generated_text = concatenated tokens, TGI
 * indexes counting from 1, the chat role on every TGI delta but only the first LMI delta.
 */
export function checkContainerOutput(format: OutputFormat, output: string): CheckedOutput {
  const sse = format === 'tgi' || format === 'tgi-chat' || format === 'lmi-sse';
  const records = split(output, sse ? '\n\n' : '\n');
  if (records.length === 0) throw new Error(`${format} output is empty`);
  let text = '';
  let finishReason: string | null = null;
  const json = (record: string): Record<string, unknown> => JSON.parse(record.replace(/^data: ?/, '')) as Record<string, unknown>;
  records.forEach((record, index) => {
    const last = index === records.length - 1;
    switch (format) {
      case 'lmi':
      case 'lmi-sse': {
        if (!(format === 'lmi' ? PATTERNS.lmi : PATTERNS.lmiSse).test(record)) fail(format, record, 'layout differs from LMI json.dumps lines');
        const value = json(record) as { token: { text: string; special_token?: boolean }; generated_text?: string; details?: { finish_reason: string } };
        if (('generated_text' in value) !== last) fail(format, record, 'generated_text must be on the last line only');
        if (!value.token.special_token) text += value.token.text;
        if (last) {
          if (value.generated_text !== text && !value.generated_text!.endsWith(text)) fail(format, record, `generated_text ${JSON.stringify(value.generated_text)} != tokens ${JSON.stringify(text)}`);
          finishReason = value.details?.finish_reason ?? null;
        }
        break;
      }
      case 'lmi-legacy':
        if (!PATTERNS.lmiLegacy.test(record)) fail(format, record, 'layout differs from {"outputs": ["…"]}');
        text += (json(record) as { outputs: string[] }).outputs[0];
        break;
      case 'lmi-chat': {
        const match = PATTERNS.lmiChat.exec(record);
        if (!match) fail(format, record, 'layout differs from LMI chat JSON Lines');
        if ((match[1] !== undefined) !== (index === 0)) fail(format, record, 'LMI puts the role in the first delta only');
        const value = json(record) as { choices: [{ delta: { content: string }; finish_reason: string | null }] };
        text += value.choices[0].delta.content;
        if ((value.choices[0].finish_reason !== null) !== last) fail(format, record, 'finish_reason must be set on the last chunk only');
        if (last) finishReason = value.choices[0].finish_reason;
        break;
      }
      case 'tgi': {
        if (!PATTERNS.tgi.test(record)) fail(format, record, 'layout differs from TGI generate_stream (data: without space)');
        const value = json(record) as { index: number; token: { text: string; special: boolean }; generated_text: string | null; details: { finish_reason: string } | null };
        if (value.index !== index + 1) fail(format, record, `index ${value.index}, expected ${index + 1}`);
        if ((value.generated_text !== null) !== last) fail(format, record, 'generated_text must be on the last event only');
        if (!value.token.special) text += value.token.text;
        if (last && !value.generated_text!.endsWith(text)) fail(format, record, 'generated_text != tokens');
        if (last) finishReason = value.details?.finish_reason ?? null;
        break;
      }
      case 'tgi-chat': {
        if (last) {
          if (record !== 'data:[DONE]\n\n') fail(format, record, 'a chat stream ends with data:[DONE]');
          break;
        }
        if (PATTERNS.tgiChatUsage.test(record)) {
          if (index !== records.length - 2) fail(format, record, 'the usage chunk comes right before [DONE]');
          break;
        }
        if (!PATTERNS.tgiChat.test(record)) fail(format, record, 'layout differs from TGI chat.completion.chunk');
        const value = json(record) as { choices: [{ delta: { content: string }; finish_reason: string | null }] };
        text += value.choices[0].delta.content;
        if (value.choices[0].finish_reason !== null) finishReason = value.choices[0].finish_reason;
        break;
      }
    }
  });
  return { records, text, finishReason };
}
