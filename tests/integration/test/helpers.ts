import { createFetchTransport, streamChat, type ChatEndpoint, type ChatEvent, type StreamTransport } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';

/** The mock on a free loopback port, with no delays unless asked. */
export function startMock(latencyScale = 0): Promise<MockServer> {
  return startServer({ port: 0, config: { latencyScale, seed: 42 } });
}

/** Both transports against the mock: the official AWS SDK, and plain fetch (the browser path). */
export function transports(mock: MockServer, maxAttempts = 1): { name: string; transport: StreamTransport }[] {
  return [
    { name: 'aws-sdk', transport: createSageMakerTransport({ endpointUrl: mock.url, region: 'us-east-1', maxAttempts, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }) },
    { name: 'fetch', transport: createFetchTransport({ baseUrl: mock.url }) },
  ];
}

/** The built-in mock endpoints with the format the chat engine should use for each. */
export const MOCK_ENDPOINTS: ChatEndpoint[] = [
  { endpointName: 'mock-lmi', format: 'lmi', parameters: { maxTokens: 60 } },
  { endpointName: 'mock-lmi-legacy', format: 'lmi-legacy', parameters: { maxTokens: 60 } },
  { endpointName: 'mock-tgi', format: 'tgi', parameters: { maxTokens: 60 } },
  { endpointName: 'mock-messages', format: 'messages', parameters: { maxTokens: 60 } },
  { endpointName: 'mock-lmi-sse', format: 'lmi', parameters: { maxTokens: 60 } },
  { endpointName: 'mock-lmi-chat', format: 'messages', parameters: { maxTokens: 60 } },
];

/** Collects one chat reply: its text, the events and the final event. */
export async function collectReply(options: Parameters<typeof streamChat>[0]) {
  const events: ChatEvent[] = [];
  let text = '';
  for await (const event of streamChat(options)) {
    events.push(event);
    if (event.type === 'text-delta') text += event.text;
  }
  const last = events.at(-1)!;
  return { text, events, last };
}
