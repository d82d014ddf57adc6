// FAULTY on purpose: decodes correctly with @sagestream/core but treats a failed stream as a
// finished one: no message, exit code 0. `sagestream-mock check` reports `error swallowed` on
// the fault-*, error-* and stall scenarios.
import { decodeResponseStream } from '@sagestream/core';

try {
  const response = await fetch(`${process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME}/endpoints/${process.env.SAGESTREAM_ENDPOINT}/invocations-response-stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: process.env.SAGESTREAM_REQUEST_BODY,
  });
  if (response.ok) {
    for await (const part of decodeResponseStream(response.body, { contentType: response.headers.get('x-amzn-sagemaker-content-type') ?? undefined })) {
      if (part.type === 'text-delta') process.stdout.write(part.text);
      if (part.type === 'stream-error') break; // the bug: the error ends the loop silently
    }
  }
} catch {
  // the bug: a reset connection is treated as the end of the reply
}
