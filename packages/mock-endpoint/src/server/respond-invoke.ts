import type { ServerResponse } from 'node:http';
import type { ContainerAcceptance } from '../containers/container-types.js';
import { internalFailureError, invocationTimeoutError, modelError, sendServiceError, type ServiceError } from '../service/service-errors.js';
import { createDelays } from '../streaming/create-delays.js';
import { resetConnection } from '../streaming/run-stream.js';
import { deriveSeed } from '../util/random.js';
import type { Invocation } from './invocation.js';
import { recordEntry } from './record-entry.js';
import type { MockState } from './mock-state.js';

/**
 * Answers InvokeEndpoint: waits as long as the whole generation takes, then sends the container's
 * complete body with its Content-Type. Stream faults map to what the non-streaming API reports.
 */
export async function respondInvoke(options: { state: MockState; invocation: Invocation; answer: ContainerAcceptance; response: ServerResponse }): Promise<void> {
  const { state, invocation, answer, response } = options;
  const { endpoint, attributes, seed, entry, fault, requestId } = invocation;
  const { config } = state;
  const location = { region: config.region, accountId: config.accountId, endpointName: endpoint.name, containerName: endpoint.containerName };
  const nextDelay = createDelays({ latency: endpoint.latency, scale: attributes.latencyScale ?? config.latencyScale, seed: deriveSeed(seed, 'latency') });
  const chunks: Uint8Array[] = [];
  let waitMs = 0;
  let waits = 0;
  for (const flush of answer.flushes) {
    chunks.push(flush.bytes);
    entry.tokensSent += flush.tokens;
    for (let i = 0; i < flush.waits; i++) waitMs += nextDelay(waits++ === 0);
  }
  const timeoutMs = attributes.streamTimeoutMs ?? endpoint.timeouts.invokeMs;
  let error: ServiceError | null = null;
  if (fault?.name === 'stall' || waitMs > timeoutMs) {
    waitMs = timeoutMs;
    error = invocationTimeoutError(location);
  } else if (fault?.name === 'model-stream-error') {
    error = invocationTimeoutError(location);
  } else if (fault?.name === 'stream-broken') {
    error = modelError({ ...location, originalStatusCode: 0, originalMessage: 'Connection reset by peer' });
  } else if (fault?.name === 'internal-stream-failure') {
    error = internalFailureError();
  }

  let stop = (): void => {};
  const closed = new Promise<boolean>((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(false);
    }, waitMs);
    response.once('close', onClose);
    // On server shutdown, answer at once instead of waiting out the generation time.
    stop = () => {
      clearTimeout(timer);
      response.off('close', onClose);
      resolve(false);
    };
  });
  const waiter = { shutdown: () => stop() };
  state.active.add(waiter);
  const wentAway = await closed.finally(() => state.active.delete(waiter));
  if (wentAway) {
    entry.outcome = 'client-disconnected';
    entry.clientWentAway = true;
    entry.status = 200;
    return recordEntry(state, invocation);
  }
  const outcome = fault ? (`fault:${fault.name}` as const) : 'completed';
  if (fault?.name === 'connection-reset') {
    entry.outcome = outcome;
    resetConnection(response);
    return recordEntry(state, invocation);
  }
  if (error) {
    sendServiceError({ response, error, requestId, coralSuffix: config.errors.coralSuffix });
    entry.status = error.status;
    entry.outcome = fault ? outcome : 'error';
    entry.detail = `${error.errorType}: ${String(error.body.Message)}`;
    return recordEntry(state, invocation);
  }
  const body = Buffer.concat(chunks);
  response.writeHead(200, {
    'x-amzn-RequestId': requestId,
    'x-Amzn-Invoked-Production-Variant': endpoint.variant,
    'Content-Type': answer.contentType,
    'Content-Length': String(body.length),
  });
  response.end(body);
  entry.status = 200;
  entry.bytesSent = body.length;
  entry.outcome = outcome;
  recordEntry(state, invocation);
}
