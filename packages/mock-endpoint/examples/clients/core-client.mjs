// A correct streaming client built on @sagestream/core: decodeResponseStream reassembles lines and
// UTF-8 characters across PayloadParts, drops special tokens and reports in-band and service
// errors. It passes every scenario of `sagestream-mock check`, on every endpoint:
//
//   sagestream-mock check -- node examples/clients/core-client.mjs
import { decodeResponseStream } from '@sagestream/core';

const base = process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME ?? 'http://127.0.0.1:8080';
const endpoint = process.env.SAGESTREAM_ENDPOINT ?? 'mock-tgi';
const body = process.env.SAGESTREAM_REQUEST_BODY ?? JSON.stringify({ inputs: 'Hello', parameters: { max_new_tokens: 200 }, stream: true });

const response = await fetch(`${base}/endpoints/${encodeURIComponent(endpoint)}/invocations-response-stream`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});
if (response.status !== 200) {
  console.error(`error: HTTP ${response.status} ${response.headers.get('x-amzn-errortype') ?? ''}: ${await response.text()}`);
  process.exit(1);
}
for await (const part of decodeResponseStream(response.body, { contentType: response.headers.get('x-amzn-sagemaker-content-type') ?? undefined })) {
  if (part.type === 'text-delta') process.stdout.write(part.text);
  if (part.type === 'stream-error') {
    console.error(`\n${part.source} error ${part.code}: ${part.message}`);
    process.exit(1);
  }
}
