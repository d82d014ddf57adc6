// Runnable example: start the mock, stream from it with the official AWS SDK, read the journal.
//   npx tsx --conditions=source examples/stream.ts        (from packages/mock-endpoint)
import { InvokeEndpointWithResponseStreamCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { startServer } from '@sagestream/mock-endpoint';

const mock = await startServer({ port: 0, config: { latencyScale: 0.2 } });
const client = new SageMakerRuntimeClient({
  endpoint: mock.url, // or set AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'anything' },
});

const response = await client.send(
  new InvokeEndpointWithResponseStreamCommand({
    EndpointName: 'mock-messages',
    ContentType: 'application/json',
    Body: JSON.stringify({ messages: [{ role: 'user', content: 'Say something in Japanese' }], max_tokens: 120, stream: true }),
  }),
);
console.log(`X-Amzn-SageMaker-Content-Type: ${response.ContentType}`);

// PayloadPart boundaries are arbitrary: buffer and split on the SSE blank line.
const decoder = new TextDecoder();
let buffered = '';
for await (const event of response.Body ?? []) {
  buffered += decoder.decode(event.PayloadPart?.Bytes, { stream: true });
  let end: number;
  while ((end = buffered.indexOf('\n\n')) !== -1) {
    const data = buffered.slice(0, end).replace(/^data: ?/, '');
    buffered = buffered.slice(end + 2);
    if (data === '[DONE]') continue;
    const chunk = JSON.parse(data) as { choices: { delta: { content: string } }[] };
    process.stdout.write(chunk.choices[0]?.delta.content ?? '');
  }
}

const [entry] = mock.journal.entries();
console.log(`\n\njournal: ${entry?.endpoint} ${entry?.outcome}, ${entry?.tokensSent} tokens in ${entry?.partsSent} PayloadParts, ${entry?.durationMs} ms`);
client.destroy();
await mock.close();
