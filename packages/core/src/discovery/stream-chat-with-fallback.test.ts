import { describe, expect, it } from 'vitest';
import { SageStreamError } from '../errors.js';
import type { ChatEvent } from '../chat/stream-chat.js';
import type { StreamTransport } from '../transport/transport.js';
import { isRejectedBody, streamChatWithFallback, type FallbackNotice } from './stream-chat-with-fallback.js';

const encoder = new TextEncoder();
const TOKEN_LINES = '{"token": {"id": 1, "text": "Hello", "log_prob": -0.1}}\n{"token": {"id": 2, "text": " there", "log_prob": -0.2}, "generated_text": "Hello there"}\n';

/** A container that refuses one kind of body (as LMI 0.23 refuses {"messages"} with 424) and streams token lines otherwise. */
function createContainer(options: { refuse: (body: Record<string, unknown>) => number | undefined }): StreamTransport & { bodies: Record<string, unknown>[] } {
  const bodies: Record<string, unknown>[] = [];
  return {
    bodies,
    description: 'fake',
    async invoke(request) {
      const body = JSON.parse(String(request.body)) as Record<string, unknown>;
      bodies.push(body);
      const status = options.refuse(body);
      if (status !== undefined) {
        throw new SageStreamError('model-error', 'The model container failed the request.', { statusCode: 424, details: { OriginalStatusCode: status, OriginalMessage: '{"error": "Input Parsing failed", "code": 424}' } });
      }
      return {
        metadata: { contentType: 'application/jsonlines', statusCode: 200 },
        headersAt: performance.now(),
        events: (async function* () {
          yield { type: 'payload-part' as const, bytes: encoder.encode(TOKEN_LINES), byteOffset: 0 };
        })(),
      };
    },
  };
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('streamChatWithFallback', () => {
  it('retries once with the fallback format when the container refuses the first body (424), and says so', async () => {
    const transport = createContainer({ refuse: (body) => ('messages' in body ? 424 : undefined) });
    const notices: FallbackNotice[] = [];
    const events = await collect(
      streamChatWithFallback({ transport, endpoint: { endpointName: 'old-lmi', format: 'messages' }, messages, fallback: { format: 'lmi', reason: 'retrying once with an {"inputs"} body' }, onFallback: (notice) => notices.push(notice) }),
    );
    expect(transport.bodies.map((body) => Object.keys(body)[0])).toEqual(['messages', 'inputs']);
    expect(notices).toEqual([expect.objectContaining({ from: 'messages', to: 'lmi', reason: 'retrying once with an {"inputs"} body', rejection: expect.objectContaining({ code: 'model-error' }) })]);
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event as { text: string }).text).join('')).toBe('Hello there');
    expect(events.at(-1)?.type).toBe('message-end');
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it('retries only once: a second refusal is reported as the error', async () => {
    const transport = createContainer({ refuse: () => 422 });
    const events = await collect(streamChatWithFallback({ transport, endpoint: { endpointName: 'x', format: 'messages' }, messages, fallback: { format: 'tgi', reason: 'r' } }));
    expect(transport.bodies).toHaveLength(2);
    expect(events).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'model-error' }) })]);
  });

  it('does not retry a container failure that is not about the body (500), nor without a fallback', async () => {
    const failing = createContainer({ refuse: () => 500 });
    await collect(streamChatWithFallback({ transport: failing, endpoint: { endpointName: 'x', format: 'messages' }, messages, fallback: { format: 'lmi', reason: 'r' } }));
    expect(failing.bodies).toHaveLength(1);
    const refusing = createContainer({ refuse: (body) => ('messages' in body ? 424 : undefined) });
    const events = await collect(streamChatWithFallback({ transport: refusing, endpoint: { endpointName: 'x', format: 'messages' }, messages }));
    expect(refusing.bodies).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('error');
  });

  it('passes a healthy stream through untouched', async () => {
    const transport = createContainer({ refuse: () => undefined });
    const events = await collect(streamChatWithFallback({ transport, endpoint: { endpointName: 'x', format: 'lmi' }, messages, fallback: { format: 'lmi-legacy', reason: 'r' } }));
    expect(transport.bodies).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['response-start', 'text-delta', 'text-delta', 'message-end']);
  });

  it('classifies by the original status, never by the message', () => {
    expect(isRejectedBody({ code: 'model-error', message: 'x', details: { OriginalStatusCode: 424 } })).toBe(true);
    expect(isRejectedBody({ code: 'model-error', message: 'Input Parsing failed', details: { OriginalStatusCode: 503 } })).toBe(false);
    expect(isRejectedBody({ code: 'validation-error', message: 'x', statusCode: 400 })).toBe(false);
  });
});
