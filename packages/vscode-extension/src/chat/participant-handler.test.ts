import { createFetchTransport } from '@sagestream/core';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerChatRequest, asksAboutSelection, followupsFor, type EditorSelection, type ParticipantContext } from './participant-handler.js';
import { resolveEndpoints, type ResolvedEndpoints } from './resolve-endpoints.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({ port: 0, config: { latencyScale: 0.02, seed: 5, endpoints: { 'mock-messages': { reply: { mode: 'scripted', rules: [{ match: 'selected', reply: 'It adds **two** numbers.' }], fallback: 'corpus' } } } } });
});
afterAll(async () => {
  await mock.close();
});

const SELECTION: EditorSelection = { code: 'def add(a, b):\n    return a + b\n', languageId: 'python', fileName: 'math_utils.py', startLine: 3, endLine: 4, location: { file: 'math_utils.py', lines: [3, 4] } };

/** A participant context over the mock's endpoints, recording what the handler does. */
function harness(options: { selection?: EditorSelection; activeId?: string } = {}) {
  let resolved: ResolvedEndpoints = resolveEndpoints({ mockUrl: mock.url });
  let activeId: string | undefined = options.activeId ?? resolved.defaultId;
  const output = { markdown: [] as string[], progress: [] as string[], references: [] as unknown[] };
  const context: ParticipantContext = {
    endpoints: () => resolved,
    activeProfile: () => resolved.profiles.find((profile) => profile.id === activeId),
    selectEndpoint: (id) => (activeId = id),
    useMock: async () => {
      resolved = resolveEndpoints({ mockUrl: mock.url, useMock: true });
      return resolved.mockUrl;
    },
    transportFor: () => createFetchTransport({ baseUrl: mock.url }),
    selection: () => options.selection,
  };
  const stream = { markdown: (text: string) => output.markdown.push(text), progress: (text: string) => output.progress.push(text), reference: (location: unknown) => output.references.push(location) };
  return { context, stream, output, active: () => activeId };
}

describe('@sagemaker', () => {
  it('answers with the selected endpoint, streaming Markdown in several parts, and the follow-up shows the stats line', async () => {
    const { context, stream, output } = harness({ activeId: 'mock-tgi' });
    const result = await answerChatRequest(context, { prompt: 'Write a Python function with boto3' }, [], stream, new AbortController().signal);
    expect(output.progress).toEqual(['Asking mock-tgi…']);
    expect(output.markdown.length).toBeGreaterThan(10);
    expect(result.errorDetails).toBeUndefined();
    expect(result.metadata).toMatchObject({ endpointId: 'mock-tgi', status: 'complete' });
    const [followup] = followupsFor(result);
    expect(followup?.label).toMatch(/^Continue · first token \d+ ms · \d+ tokens · [\d.]+ tokens\/s · .*mock-tgi/);
    expect(followup?.prompt).toBe('Continue.');
    const entry = mock.journal.entries().at(-1)!;
    expect(entry.endpoint).toBe('mock-tgi');
  });

  it('sends the editor selection (and references it) when the prompt is about it', async () => {
    const { context, stream, output } = harness({ selection: SELECTION });
    await answerChatRequest(context, { prompt: 'What does the selected code do?' }, [{ role: 'user', text: 'Hi' }, { role: 'assistant', text: 'Hello!' }], stream, new AbortController().signal);
    expect(output.references).toEqual([SELECTION.location]);
    expect(output.markdown.join('')).toBe('It adds **two** numbers.');
    const body = JSON.parse(mock.journal.entries().at(-1)!.body) as { messages: { role: string; content: string }[] };
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[2]!.content).toContain('From `math_utils.py` (python, lines 3–4):\n\n```python\ndef add(a, b):');
  });

  it('leaves the selection out when the prompt is not about it', async () => {
    const { context, stream, output } = harness({ selection: SELECTION });
    expect(asksAboutSelection('Explain Python generators')).toBe(false);
    expect(asksAboutSelection('Can you simplify this function?')).toBe(true);
    await answerChatRequest(context, { prompt: 'Explain Python generators' }, [], stream, new AbortController().signal);
    expect(output.references).toEqual([]);
    expect(mock.journal.entries().at(-1)!.body).not.toContain('math_utils.py');
  });

  it('/endpoint lists the endpoints, and switches to a named one (by id, label or endpoint name)', async () => {
    const { context, stream, output, active } = harness();
    await answerChatRequest(context, { prompt: '', command: 'endpoint' }, [], stream, new AbortController().signal);
    expect(output.markdown[0]).toContain('- `mock-messages` (selected)');
    const result = await answerChatRequest(context, { prompt: 'MOCK-VLLM', command: 'endpoint' }, [], stream, new AbortController().signal);
    expect(active()).toBe('mock-vllm');
    expect(result.metadata.endpointId).toBe('mock-vllm');
    await answerChatRequest(context, { prompt: 'nope', command: 'endpoint' }, [], stream, new AbortController().signal);
    expect(output.markdown.at(-1)).toContain('No endpoint is called `nope`.');
    expect(active()).toBe('mock-vllm');
  });

  it('/mock switches to the local mock', async () => {
    const { context, stream, output } = harness();
    await answerChatRequest(context, { prompt: '', command: 'mock' }, [], stream, new AbortController().signal);
    expect(context.endpoints().mode).toBe('mock');
    expect(output.markdown[0]).toContain(`Now answering with the local mock at ${mock.url}`);
  });

  it('a failure is the result\'s error, with the fix', async () => {
    const { context, stream } = harness();
    const transport = createFetchTransport({ baseUrl: mock.url });
    const failing: ParticipantContext = { ...context, activeProfile: () => ({ ...context.activeProfile()!, customAttributes: 'mock-fault=throttling' }), transportFor: () => transport };
    const result = await answerChatRequest(failing, { prompt: 'Hi' }, [], stream, new AbortController().signal);
    expect(result.errorDetails?.message).toMatch(/\(throttling\)\nFix: /);
    expect(followupsFor(result)).toEqual([]);
    expect(followupsFor({})).toEqual([]);
    const none: ParticipantContext = { ...context, activeProfile: () => undefined };
    expect((await answerChatRequest(none, { prompt: 'Hi' }, [], stream, new AbortController().signal)).errorDetails?.message).toContain('`/mock`');
  });
});
