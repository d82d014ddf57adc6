/**
 * Independent checks of the 2024–2026 container formats (wire spec §13.4, docs/wire-format.md
 * "Sessions, inference components and current containers"), written from the container sources'
 * field declarations — not from the mock's serialisers. Every record must re-serialise to exactly
 * its own bytes: compact JSON for pydantic/msgspec, Python json.dumps for LMI's own lines, with
 * the documented key order.
 */

/** The formats of the current-container profiles. */
export type CurrentFormat = 'vllm-chat' | 'vllm-legacy-chat' | 'vllm-completion' | 'sglang-chat' | 'lmi-async-chat' | 'lmi-async-completion' | 'lmi-async-tgi';

/** What a checked stream says. */
export interface CheckedCurrentOutput {
  /** The records exactly as written (SSE events or lines, blank lines included). */
  records: string[];
  content: string;
  reasoning: string;
  /** Tool-call fragments joined per index. */
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string | null;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  /** The in-band failure, when the stream carries one. */
  failure: 'error-event' | 'finish-error' | null;
  /** Records that carry tokens (for TGI-style: token lines). */
  tokenRecords: number;
}

type Json = Record<string, unknown>;

/** Python's json.dumps(value, ensure_ascii=False) for the values these formats use. */
export function pythonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    if (Math.abs(value) < 1e-4) {
      const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
      return `${mantissa}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
    }
    const text = String(value);
    // Python repr: exponent with sign and two digits (1e-05), otherwise as JavaScript prints.
    return text.includes('e') ? text.replace(/e([+-])(\d)$/, 'e$10$2') : text;
  }
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(', ')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonDumps(item)}`).join(', ')}}`;
}

function fail(format: CurrentFormat, record: string, why: string): never {
  throw new Error(`${format} output: ${why}: ${JSON.stringify(record)}`);
}

function keys(format: CurrentFormat, record: string, value: unknown, expected: readonly string[], what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(format, record, `${what} is not an object`);
  const actual = Object.keys(value);
  if (actual.join(',') !== expected.join(',')) fail(format, record, `${what} keys ${actual.join(',')} != ${expected.join(',')}`);
  return value as Json;
}

function split(text: string, terminator: string): string[] {
  const records: string[] = [];
  let start = 0;
  for (let index = text.indexOf(terminator, start); index !== -1; index = text.indexOf(terminator, start)) {
    records.push(text.slice(start, index + terminator.length));
    start = index + terminator.length;
  }
  if (start < text.length) throw new Error(`unterminated record at the end: ${JSON.stringify(text.slice(start))}`);
  return records;
}

/** Checks a whole stream of one of the current formats and returns what it carried. */
export function checkCurrentOutput(format: CurrentFormat, output: string): CheckedCurrentOutput {
  const sse = format === 'vllm-chat' || format === 'vllm-legacy-chat' || format === 'vllm-completion' || format === 'sglang-chat';
  const records = sse ? split(output, '\n\n') : split(output, '\n');
  const result: CheckedCurrentOutput = { records, content: '', reasoning: '', toolCalls: [], finishReason: null, usage: null, failure: null, tokenRecords: 0 };
  if (records.length < 2) throw new Error(`${format} output is too short: ${JSON.stringify(output)}`);
  let id: unknown;
  let created: unknown;
  let finished = false;
  let history = '';
  const payloads = records.map((record) => {
    if (!sse) return record.slice(0, -1);
    if (!record.startsWith('data: ')) fail(format, record, 'SSE events start with "data: " (with a space)');
    return record.slice(6, -2);
  });
  const end = sse ? ['[DONE]'] : format === 'lmi-async-tgi' ? ['', ''] : [''];
  if (payloads.slice(-end.length).join('\u0000') !== end.join('\u0000')) fail(format, records.at(-1)!, `the stream ends with ${JSON.stringify(end)}`);
  const body = payloads.slice(0, -end.length);

  body.forEach((payload, index) => {
    const record = records[index]!;
    const value = JSON.parse(payload) as Json;
    if ('error' in value) {
      // vLLM's GenerationError / SGLang's streaming error: json.dumps, hence the spaces.
      if (pythonDumps(value) !== payload) fail(format, record, 'an error event is written by json.dumps');
      const inner = format === 'sglang-chat' || format === 'vllm-legacy-chat' ? ['object', 'message', 'type', 'param', 'code'] : ['message', 'type', 'param', 'code'];
      keys(format, record, value.error, inner, 'error');
      if (index !== body.length - 1) fail(format, record, 'the error event is the last before [DONE]');
      result.failure = 'error-event';
      return;
    }
    if (format === 'lmi-async-tgi') {
      if (pythonDumps(value) !== payload) fail(format, record, 'TGI-style lines are written by json.dumps');
      keys(format, record, value, ['index', 'token', 'generated_text', 'details'], 'line');
      const token = keys(format, record, value.token, ['id', 'text', 'logprob'], 'token');
      if (typeof token.logprob !== 'number' || !/"logprob": -?\d/.test(payload) || /"logprob": -?\d+[,}]/.test(payload)) fail(format, record, 'logprob is a Python float');
      result.tokenRecords++;
      const last = value.generated_text !== null;
      if (last !== (index === body.length - 1)) fail(format, record, 'generated_text is set on the last line only');
      if (last && value.details === null) result.finishReason = 'unreported';
      if (value.details !== null) {
        const details = keys(format, record, value.details, ['finish_reason', 'seed', 'generated_tokens', 'input_length'], 'details');
        result.finishReason = details.finish_reason as string;
        if (details.finish_reason === 'error') result.failure = 'finish-error';
        else if (details.generated_tokens !== result.tokenRecords + 1) fail(format, record, 'generated_tokens is vLLM usage + 1 (LMI quirk)');
      }
      if (result.finishReason === 'error') return;
      history += token.text as string;
      if (last && !(value.generated_text as string).endsWith(history)) fail(format, record, 'generated_text is the joined token texts');
      result.content = history;
      return;
    }
    if (JSON.stringify(value) !== payload) fail(format, record, 'chunks are compact JSON (pydantic / msgspec)');
    if (id === undefined) ({ id, created } = value);
    if (value.id !== id) fail(format, record, 'every chunk has the response id');
    if (format !== 'sglang-chat' && value.created !== created) fail(format, record, 'vLLM stamps one created per response');
    const completion = format === 'vllm-completion' || format === 'lmi-async-completion';
    const idPattern = format === 'sglang-chat' ? /^[0-9a-f]{32}$/ : completion ? /^cmpl-[0-9a-f]{32}$/ : /^chatcmpl-[0-9a-f]{32}$/;
    if (!idPattern.test(String(value.id))) fail(format, record, `id matches ${idPattern}`);
    const choices = value.choices as Json[];
    if (choices.length === 0) {
      const usageKeys = format === 'sglang-chat' ? ['prompt_tokens', 'total_tokens', 'completion_tokens', 'prompt_tokens_details', 'reasoning_tokens'] : ['prompt_tokens', 'total_tokens', 'completion_tokens'];
      keys(format, record, value, ['id', 'object', 'created', 'model', 'choices', 'usage'], 'usage chunk');
      const usage = keys(format, record, value.usage, usageKeys, 'usage') as unknown as CheckedCurrentOutput['usage'] & object;
      if (usage.prompt_tokens + usage.completion_tokens !== usage.total_tokens) fail(format, record, 'total = prompt + completion');
      if (index !== body.length - 1) fail(format, record, 'the usage chunk comes right before the end');
      result.usage = usage;
      return;
    }
    if (finished && format !== 'sglang-chat') fail(format, record, 'nothing but usage follows the finish');
    if (completion) {
      keys(format, record, value, ['id', 'object', 'created', 'model', 'choices', 'usage'], 'chunk');
      if (value.object !== 'text_completion' || value.usage !== null) fail(format, record, 'a text_completion chunk with usage null');
      const choice = keys(format, record, choices[0], ['index', 'text', 'logprobs', 'finish_reason', 'stop_reason', 'prompt_token_ids', 'token_ids'], 'choice');
      result.content += choice.text as string;
      result.tokenRecords++;
      if (choice.finish_reason !== null) {
        finished = true;
        result.finishReason = choice.finish_reason as string;
        if (choice.finish_reason === 'error') result.failure = 'finish-error';
      }
      return;
    }
    const first = index === 0;
    const sglang = format === 'sglang-chat';
    const legacy = format === 'vllm-legacy-chat';
    keys(format, record, value, first && !sglang && !legacy ? ['id', 'object', 'created', 'model', 'choices', 'prompt_token_ids'] : ['id', 'object', 'created', 'model', 'choices'], 'chunk');
    if (value.object !== 'chat.completion.chunk') fail(format, record, 'object is chat.completion.chunk');
    const choice = choices[0]!;
    const finish = choice.finish_reason !== null;
    const choiceKeys = sglang
      ? ['index', 'delta', 'logprobs', 'finish_reason', 'matched_stop']
      : first
        ? ['index', 'delta', 'logprobs', 'finish_reason']
        : [...['index', 'delta', 'logprobs', 'finish_reason'], ...(finish ? ['stop_reason'] : []), ...(legacy ? [] : ['token_ids'])];
    keys(format, record, choice, choiceKeys, 'choice');
    const delta = choice.delta as Json;
    if (first) {
      keys(format, record, delta, ['role', 'content'], 'first delta');
      if (delta.role !== 'assistant' || delta.content !== '') fail(format, record, 'the first delta is the role with empty content');
      return;
    }
    const reasoningKey = format === 'vllm-chat' ? 'reasoning' : 'reasoning_content';
    const deltaKeys = Object.keys(delta);
    if (deltaKeys.length > 1) fail(format, record, 'a delta sets one field');
    if (deltaKeys[0] === 'content') {
      result.content += delta.content as string;
      result.tokenRecords++;
    } else if (deltaKeys[0] === reasoningKey) {
      result.reasoning += delta[reasoningKey] as string;
      result.tokenRecords++;
    } else if (deltaKeys[0] === 'tool_calls' && !sglang) {
      for (const call of delta.tool_calls as Json[]) {
        const named = 'id' in call;
        keys(format, record, call, named ? ['id', 'type', 'index', 'function'] : ['index', 'function'], 'tool call');
        const fn = keys(format, record, call.function, named ? ['name'] : ['arguments'], 'function');
        if (named) result.toolCalls[call.index as number] = { id: call.id as string, name: fn.name as string, arguments: '' };
        else result.toolCalls[call.index as number]!.arguments += fn.arguments as string;
      }
      result.tokenRecords++;
    } else if (deltaKeys.length !== 0 || !finish) {
      fail(format, record, `unexpected delta ${JSON.stringify(delta)}`);
    }
    if (sglang && finish !== (deltaKeys.length === 0)) fail(format, record, 'SGLang sends the finish alone, with an empty delta');
    if (finish) {
      finished = true;
      result.finishReason = choice.finish_reason as string;
      if (choice.finish_reason === 'error') result.failure = 'finish-error';
    }
  });
  if (!result.failure && result.finishReason === null) throw new Error(`${format} output has no finish reason`);
  return result;
}
