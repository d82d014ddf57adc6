import { describe, expect, it } from 'vitest';
import { buildRequestBody } from './request-body.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('request bodies per container', () => {
  it('Messages API: messages, max_tokens, temperature, top_p, stop, stream, and the usage chunk asked for', () => {
    const request = buildRequestBody({ messages, format: 'messages', parameters: { maxTokens: 64, temperature: 0.2, topP: 0.9, stop: ['###'] } });
    expect(JSON.parse(request.body)).toEqual({
      messages,
      max_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['###'],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request.stop).toEqual(['###']);
  });

  it('Messages API with tools: function tools and tool_choice; tool calls on assistant turns and tool results as tool messages', () => {
    const conversation = [
      { role: 'user' as const, content: 'Weather in Paris?' },
      { role: 'assistant' as const, content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'user' as const, content: '18 °C, sunny', toolCallId: 'call_1' },
    ];
    const tools = [{ name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }, { name: 'now' }];
    const body = JSON.parse(buildRequestBody({ messages: conversation, format: 'messages', tools, toolChoice: 'auto', includeUsage: false }).body);
    expect(body).toEqual({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18 °C, sunny' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: tools[0]!.parameters } },
        { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'auto',
      stream: true,
    });
    // No tools: no tools key, whatever the choice says.
    expect(JSON.parse(buildRequestBody({ messages, format: 'auto', tools: [], toolChoice: 'required' }).body)).not.toHaveProperty('tools');
  });

  it('inputs-style formats refuse tools with a typed error (they have no tool calling)', () => {
    expect(() => buildRequestBody({ messages, format: 'tgi', tools: [{ name: 'now' }] })).toThrow(expect.objectContaining({ code: 'invalid-argument', message: 'The tgi format cannot carry tools: only Messages API bodies can.' }));
  });

  it('Messages API without stream_options when includeUsage is false; inputs-style bodies never get it', () => {
    expect(JSON.parse(buildRequestBody({ messages, format: 'auto', includeUsage: false }).body)).toEqual({ messages, stream: true });
    expect(JSON.parse(buildRequestBody({ messages, format: 'tgi' }).body)).not.toHaveProperty('stream_options');
    expect(JSON.parse(buildRequestBody({ messages, format: 'lmi' }).body)).not.toHaveProperty('stream_options');
  });

  it('TGI: inputs from the template, parameters with details, stream true; the template stops are enforced too', () => {
    const request = buildRequestBody({ messages, format: 'tgi', template: 'llama3', parameters: { maxTokens: 32, temperature: 0.7 } });
    expect(JSON.parse(request.body)).toEqual({
      inputs: '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
      parameters: { max_new_tokens: 32, temperature: 0.7, stop: ['<|eot_id|>', '<|end_of_text|>'], details: true, return_full_text: false },
      stream: true,
    });
  });

  it('greedy decoding is do_sample=false, since TGI rejects temperature 0', () => {
    const body = JSON.parse(buildRequestBody({ messages, format: 'tgi', parameters: { temperature: 0, topP: 0.5 } }).body) as { parameters: Record<string, unknown> };
    expect(body.parameters.do_sample).toBe(false);
    expect(body.parameters).not.toHaveProperty('temperature');
    expect(body.parameters).not.toHaveProperty('top_p');
  });

  it('LMI legacy: the announcement\'s body, Falcon template by default, no stream flag', () => {
    const body = JSON.parse(buildRequestBody({ messages, format: 'lmi-legacy', parameters: { maxTokens: 400 } }).body);
    expect(body).toEqual({ inputs: 'User: Hi\nFalcon:', parameters: { max_new_tokens: 400, stop: ['\nUser:', '<|endoftext|>'] } });
  });

  it('rejects bad parameters with what was expected', () => {
    expect(() => buildRequestBody({ messages, format: 'messages', parameters: { maxTokens: 0 } })).toThrow('maxTokens must be a positive integer, got 0.');
    expect(() => buildRequestBody({ messages, format: 'messages', parameters: { topP: 2 } })).toThrow('topP must be in (0, 1]');
    expect(() => buildRequestBody({ messages, format: 'messages', parameters: { stop: [''] } })).toThrow('Stop sequences must not be empty.');
  });
});
