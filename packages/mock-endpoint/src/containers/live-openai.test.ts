import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../config/mock-config.js';
import { defaultEndpoint } from '../config/default-config.js';
import type { GeneratedToken, Generation, GenerationFinishReason } from '../generation/generate.js';
import { createLiveGeneration } from '../generation/live-generation.js';
import type { ContainerRequest } from './container-types.js';
import { containerFor } from './create-container.js';

// vLLM, SGLang and LMI async stream a live model (`--backend`) as it generates: fed one token
// per wait, they must write exactly the bytes of the same complete generation.

const TOKENS: GeneratedToken[] = ['Hello', ' there', ',', ' world', '!'].map((text, index) => ({ id: 100 + index, text, logprob: -0.25 * (index + 1), special: false }));

function request(profile: ProfileName, body: Record<string, unknown>, backendGeneration: Generation, containerError: ContainerRequest['containerError'] = null): ContainerRequest {
  return { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json', endpoint: defaultEndpoint('ep', profile), seed: 7, containerError, clock: () => 1718035200, backendGeneration };
}

/** The container's bytes for a complete generation. */
function complete(profile: ProfileName, body: Record<string, unknown>, finishReason: GenerationFinishReason, containerError: ContainerRequest['containerError'] = null): string {
  const generation: Generation = { tokens: [...TOKENS], finishReason, text: TOKENS.map((token) => token.text).join('') };
  const answer = containerFor(profile).handle(request(profile, body, generation, containerError));
  if (answer.type !== 'accepted') throw new Error(answer.body);
  return [...answer.flushes].map((flush) => Buffer.from(flush.bytes).toString('utf8')).join('');
}

/** The container's bytes for a live generation fed a token each time the container waits; `failAfter` fails the model instead of the end. */
function live(profile: ProfileName, body: Record<string, unknown>, end: GenerationFinishReason, options: { failAfter?: number; containerError?: ContainerRequest['containerError'] } = {}) {
  const writer = createLiveGeneration();
  const answer = containerFor(profile).handle(request(profile, body, writer.generation, options.containerError ?? null));
  if (answer.type !== 'accepted') throw new Error(answer.body);
  let fed = 0;
  let ended = false;
  let tokensBeforeEnd = 0;
  let text = '';
  for (const flush of answer.flushes) {
    if (flush.ready) {
      expect(flush.bytes.length).toBe(0);
      expect(ended).toBe(false);
      if (fed === options.failAfter) writer.fail('CUDA error: device-side assert triggered');
      else if (fed < TOKENS.length) writer.push([TOKENS[fed]!]);
      else writer.end(end);
      if (fed === options.failAfter || fed === TOKENS.length) ended = true;
      fed++;
      continue;
    }
    if (!ended) tokensBeforeEnd += flush.tokens;
    text += Buffer.from(flush.bytes).toString('utf8');
  }
  return { text, tokensBeforeEnd };
}

const CHAT = { messages: [{ role: 'user', content: 'x' }], stream: true };
const CASES: [ProfileName, string, Record<string, unknown>][] = [
  ['vllm', 'chat', CHAT],
  ['vllm', 'chat with usage', { ...CHAT, stream_options: { include_usage: true, continuous_usage_stats: true } }],
  ['vllm', 'chat without thinking', { ...CHAT, chat_template_kwargs: { enable_thinking: false }, stop: ['zz'] }],
  ['vllm-legacy', 'chat with usage', { ...CHAT, stream_options: { include_usage: true } }],
  ['sglang', 'chat', CHAT],
  ['sglang', 'chat with usage', { ...CHAT, stream_options: { include_usage: true } }],
  ['lmi-async', 'chat with usage', { ...CHAT, stream_options: { include_usage: true } }],
  ['lmi-async', 'TGI-style inputs', { inputs: 'x', parameters: { details: true, stop: ['zz'] }, stream: true }],
];

describe('vLLM, SGLang and LMI async stream a live generation', () => {
  it.each(CASES)('%s, %s: the same bytes as the complete generation, the tokens written before the end', (profile, _name, body) => {
    for (const finish of ['eos_token', 'length', 'stop_sequence'] as const) {
      const streamed = live(profile, body, finish);
      expect(streamed.text, finish).toBe(complete(profile, body, finish));
      expect(streamed.tokensBeforeEnd, finish).toBeGreaterThan(0);
    }
  });

  it.each(CASES)('%s, %s: a container-error fault strikes at the same place', (profile, _name, body) => {
    for (const afterTokens of [0, 2, 40]) {
      expect(live(profile, body, 'eos_token', { containerError: { afterTokens } }).text, String(afterTokens)).toBe(complete(profile, body, 'eos_token', { afterTokens }));
    }
  });

  it('a model failing mid-generation ends with the container\'s in-band failure', () => {
    const vllm = live('vllm', { ...CHAT, chat_template_kwargs: { enable_thinking: false } }, 'eos_token', { failAfter: 2 }).text.split('\n\n').filter(Boolean);
    expect(vllm.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(vllm.at(-2)!.slice(6))).toEqual({ error: { message: 'CUDA error: device-side assert triggered', type: 'InternalServerError', param: null, code: 500 } });
    expect(vllm.slice(1, -2).map((event) => (JSON.parse(event.slice(6)) as { choices: [{ delta: { content: string } }] }).choices[0].delta.content).join('')).toBe('Hello there');

    const sglang = live('sglang', CHAT, 'eos_token', { failAfter: 2 }).text.split('\n\n').filter(Boolean);
    expect(sglang.slice(-2)).toEqual(['data: {"error": {"object": "error", "message": "CUDA error: device-side assert triggered", "type": "BadRequestError", "param": null, "code": 400}}', 'data: [DONE]']);

    const lmiAsync = live('lmi-async', { ...CHAT, stream_options: { include_usage: true } }, 'eos_token', { failAfter: 2 }).text.split('\n');
    const chunks = lmiAsync.filter(Boolean).map((line) => JSON.parse(line) as { choices: { finish_reason: string | null }[]; usage?: { completion_tokens: number } });
    // The engine's finish_reason "error", then the usage of the steps generated and the bare "\n" of [DONE].
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('error');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(lmiAsync.at(-2)).toBe('');

    const tgiStyle = live('lmi-async', { inputs: 'x', parameters: { details: true }, stream: true }, 'eos_token', { failAfter: 2 }).text.split('\n');
    const lines = tgiStyle.filter(Boolean).map((line) => JSON.parse(line) as { token: { text: string }; generated_text: string | null; details: { finish_reason: string } | null });
    expect(lines.map((line) => line.token.text).join('')).toBe('Hello there');
    expect(lines.at(-1)).toMatchObject({ generated_text: 'Hello there', details: { finish_reason: 'error' } });
  });

  it('whole bodies (no `stream: true`) render once the generation is complete and ask the runtime to await it', () => {
    for (const [profile, body] of [
      ['vllm', { messages: [{ role: 'user', content: 'x' }] }],
      ['sglang', { messages: [{ role: 'user', content: 'x' }] }],
      ['lmi-async', { messages: [{ role: 'user', content: 'x' }] }],
      ['lmi-async', { inputs: 'x', parameters: { details: true } }],
    ] as const) {
      const writer = createLiveGeneration();
      const answer = containerFor(profile).handle(request(profile, body, writer.generation));
      if (answer.type !== 'accepted') throw new Error(answer.body);
      expect(answer.awaitsWholeGeneration, profile).toBe(true);
      writer.push(TOKENS);
      writer.end('eos_token');
      expect([...answer.flushes].map((flush) => Buffer.from(flush.bytes).toString('utf8')).join(''), profile).toBe(complete(profile, body, 'eos_token'));
    }
  });
});
