import { describe, expect, it } from 'vitest';
import { defaultEndpoint } from '../config/default-config.js';
import { planOpenAi } from './openai-plan.js';
import { parseOpenAiRequest, type OpenAiRequest } from './openai-request.js';

function request(body: Record<string, unknown>): OpenAiRequest {
  const parsed = parseOpenAiRequest(body);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const echo = (profile: 'vllm' | 'lmi-async') => ({ ...defaultEndpoint('ep', profile), reply: { mode: 'echo' as const, rules: [], fallback: 'echo' as const, corpus: [] } });

describe('planOpenAi', () => {
  it('a reasoning model thinks first; enable_thinking: false skips it; every token counts toward max_tokens', () => {
    const thinking = planOpenAi({ request: request({ messages: [{ role: 'user', content: 'one two three' }], max_tokens: 100 }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined });
    expect(thinking.reasoning).toMatch(/one two three/);
    expect(thinking.content).toBe('one two three');
    expect(thinking.finishReason).toBe('stop');
    expect(thinking.completionTokens).toBe(thinking.steps.length);
    const plain = planOpenAi({ request: request({ messages: [{ role: 'user', content: 'one two three' }], chat_template_kwargs: { enable_thinking: false } }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined });
    expect(plain.reasoning).toBe('');
    expect(plain.steps.map((step) => step.delta.kind)).toEqual(['content', 'content', 'content', 'content']);
    const short = planOpenAi({ request: request({ messages: [{ role: 'user', content: 'one two three' }], max_tokens: 4 }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined });
    expect(short).toMatchObject({ finishReason: 'length', content: '', completionTokens: 4 });
  });

  it('a stop string ends with finish "stop" and stop_reason naming it, the text cut before it', () => {
    const plan = planOpenAi({ request: request({ prompt: 'alpha beta gamma delta', stop: ['gamma'] }), endpoint: echo('lmi-async'), seed: 1, defaultMaxTokens: 16 });
    expect(plan).toMatchObject({ finishReason: 'stop', stopReason: 'gamma', content: 'alpha beta ' });
  });

  it('tool_choice names the tool; "none" turns tools off', () => {
    const tools = [
      { type: 'function', function: { name: 'first', parameters: { type: 'object', properties: { n: { type: 'integer', minimum: 3 } } } } },
      { type: 'function', function: { name: 'second', parameters: { type: 'object', properties: { on: { type: 'boolean' } }, required: ['on'] } } },
    ];
    const messages = [{ role: 'user', content: 'go' }];
    const forced = planOpenAi({ request: request({ messages, tools, tool_choice: { type: 'function', function: { name: 'second' } } }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined });
    expect(forced.toolCall).toMatchObject({ name: 'second', arguments: '{"on": true}' });
    expect(forced.finishReason).toBe('tool_calls');
    expect(planOpenAi({ request: request({ messages, tools }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined }).toolCall).toMatchObject({ name: 'first', arguments: '{"n": 3}' });
    expect(planOpenAi({ request: request({ messages, tools, tool_choice: 'none' }), endpoint: echo('vllm'), seed: 1, defaultMaxTokens: undefined }).toolCall).toBeNull();
  });

  it('parseOpenAiRequest refuses what vLLM refuses, in its words', () => {
    expect(parseOpenAiRequest({ prompt: 'x', stream_options: { include_usage: true } })).toEqual({ error: 'Stream options can only be defined when `stream=True`.' });
    expect(parseOpenAiRequest({ messages: [] })).toMatchObject({ error: expect.stringMatching(/at least 1 item/) });
    expect(parseOpenAiRequest({ messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'a' } }], tool_choice: { type: 'function', function: { name: 'b' } } })).toEqual({ error: "Tool 'b' has not been passed in `tools`." });
  });
});
