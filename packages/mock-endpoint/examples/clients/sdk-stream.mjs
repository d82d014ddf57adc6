// Shared by the deliberately faulty example clients: streams the scenario's request with the
// official JS SDK and yields each PayloadPart's bytes. The bugs are in the clients, not here.
import { InvokeEndpointWithResponseStreamCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

/** The PayloadPart payloads of one InvokeEndpointWithResponseStream call, as the SDK hands them out. */
export async function* payloadParts() {
  const client = new SageMakerRuntimeClient({ maxAttempts: 1 }); // endpoint, region and keys from the environment
  const response = await client.send(
    new InvokeEndpointWithResponseStreamCommand({
      EndpointName: process.env.SAGESTREAM_ENDPOINT ?? 'mock-tgi',
      ContentType: 'application/json',
      Body: process.env.SAGESTREAM_REQUEST_BODY ?? JSON.stringify({ inputs: 'Hello', parameters: { max_new_tokens: 200 }, stream: true }),
    }),
  );
  for await (const event of response.Body ?? []) if (event.PayloadPart?.Bytes) yield event.PayloadPart.Bytes;
}

/** The text of one record of any container format (TGI, LMI, LMI legacy, Messages API); '' for special tokens. */
export function textOf(record) {
  if (record.error) throw new Error(`container error: ${JSON.stringify(record.error)}`);
  if (record.token) return record.token.special ? '' : record.token.text;
  if (Array.isArray(record.outputs)) return record.outputs[0] ?? '';
  return record.choices?.[0]?.delta?.content ?? '';
}

/** One line of JSON Lines or SSE as a record, or null for blank lines, comments and `[DONE]`. */
export function parseLine(line) {
  const data = line.startsWith('data:') ? line.slice(5).trimStart() : line;
  if (data.trim() === '' || data.startsWith(':') || data === '[DONE]') return null;
  return JSON.parse(data);
}
