import { describe, expect, it } from 'vitest';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { TokenPart } from '../formats/token-part.js';
import { invokeStream } from './invoke-stream.js';
import type { StreamTransport } from './transport.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A transport handing back the given events as the response. */
function transportOf(events: () => AsyncGenerator<SageMakerStreamEvent>, contentType = 'text/event-stream'): StreamTransport {
  return {
    description: 'events in memory',
    invoke: async () => ({ metadata: { contentType, statusCode: 200 }, headersAt: performance.now(), events: events() }),
  };
}

async function collect(stream: AsyncIterable<TokenPart>): Promise<TokenPart[]> {
  const parts: TokenPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('invokeStream (the event → token stage plus metrics)', () => {
  it('streams token parts and counts PayloadParts, bytes and tokens', async () => {
    const chunks = ['data: {"token": {"id": 1, "text": "Hi", "special": false}, "generated_text": null}\n\n', 'data: {"token": {"id": 2, "text": "!", "special": false}, "generated_text": "Hi!", "details": {"finish_reason": "eos_token"}}\n\n'];
    const stream = await invokeStream({
      transport: transportOf(async function* () {
        for (const chunk of chunks) yield { type: 'payload-part', bytes: encode(chunk), byteOffset: -1 };
      }),
      request: { endpointName: 'mock-tgi', body: '{}' },
    });
    const parts = await collect(stream);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.type === 'text-delta' && part.text)).toEqual(['Hi', '!']);
    expect(parts.at(-1)).toMatchObject({ type: 'message-end', finishReason: 'stop' });
    expect(stream.format).toBe('tgi');
    expect(stream.metrics).toMatchObject({ tokens: 2, payloadParts: 2, payloadBytes: chunks.reduce((sum, chunk) => sum + encode(chunk).length, 0) });
    expect(stream.metrics.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('a service error ends the reply at once and stops reading the stream (which would never end)', async () => {
    let closed = false;
    const stream = await invokeStream({
      transport: transportOf(async function* () {
        try {
          yield { type: 'payload-part', bytes: encode('data: {"token": {"id": 1, "text": "Hi", "special": false}}\n\n'), byteOffset: -1 };
          yield { type: 'model-stream-error', errorCode: 'StreamBroken', message: 'gone', byteOffset: -1 };
          await new Promise(() => undefined);
        } finally {
          closed = true;
        }
      }),
      request: { endpointName: 'mock-tgi', body: '{}' },
    });
    const parts = await collect(stream);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'stream-error']);
    expect(parts.at(-1)).toMatchObject({ source: 'service', code: 'StreamBroken' });
    expect(closed).toBe(true);
    expect(stream.metrics.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('an aborted signal rejects before anything is sent', async () => {
    let invoked = false;
    const transport: StreamTransport = { description: 'never', invoke: async () => ((invoked = true), Promise.reject(new Error('unreachable'))) };
    await expect(invokeStream({ transport, request: { endpointName: 'x', body: '' }, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(invoked).toBe(false);
  });
});
