import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointConfig, FaultName } from '../config/mock-config.js';
import { containerFor } from '../containers/create-container.js';
import { SERVING_STATUSES } from '../control-plane/control-plane-settings.js';
import { verifySigV4 } from '../auth/verify-sigv4.js';
import { askBackend } from '../backend/ask-backend.js';
import type { Generation } from '../generation/generate.js';
import { whenComplete } from '../generation/live-generation.js';
import { parseMockAttributes, type MockAttributes } from '../faults/mock-attributes.js';
import {
  internalFailureError,
  modelError,
  modelNotReadyError,
  sendServiceError,
  serviceUnavailableError,
  throttlingError,
  validationError,
  type ServiceError,
} from '../service/service-errors.js';
import { MAX_BODY_BYTES, validateRequest, type Operation } from '../service/validate-request.js';
import { routeInvocation } from '../routing/route-invocation.js';
import { createRandom, deriveSeed, hashBytes } from '../util/random.js';
import { createEntry } from './create-entry.js';
import type { InvocationBackend } from '../record/invocation-backend.js';
import type { Invocation } from './invocation.js';
import type { JournalEntry } from './journal.js';
import type { MockState } from './mock-state.js';
import { closeAfterRefusal, readBody } from './read-body.js';
import { recordEntry } from './record-entry.js';
import { respondInvoke } from './respond-invoke.js';
import { respondStream } from './respond-stream.js';

export type { Invocation } from './invocation.js';
export { recordEntry } from './record-entry.js';

/** Faults answered with an HTTP error before anything else happens. */
const PRE_STREAM_FAULTS: Partial<Record<FaultName, (endpoint: EndpointConfig, state: MockState) => ServiceError>> = {
  'model-error': (endpoint, state) =>
    modelError({
      region: state.config.region,
      accountId: state.config.accountId,
      endpointName: endpoint.name,
      containerName: endpoint.containerName,
      originalStatusCode: 500,
      originalMessage: '{"error":"Internal model failure (mock fault: model-error)"}',
    }),
  'validation-error': () => validationError('Mock fault: the request was rejected as invalid (mock-fault=validation-error).'),
  'service-unavailable': () => serviceUnavailableError(),
  'internal-failure': () => internalFailureError(),
  throttling: () => throttlingError(),
  'model-not-ready': (endpoint) => modelNotReadyError(endpoint.name),
};

function pickFault(endpoint: EndpointConfig, attributes: MockAttributes, seed: number): { name: FaultName; afterTokens: number } | null {
  if (attributes.fault) return { name: attributes.fault, afterTokens: attributes.faultAfter ?? endpoint.fault?.afterTokens ?? 0 };
  const configured = endpoint.fault;
  if (!configured) return null;
  if (configured.probability < 1 && createRandom(deriveSeed(seed, 'fault')).next() >= configured.probability) return null;
  return { name: configured.name, afterTokens: attributes.faultAfter ?? configured.afterTokens };
}

/**
 * Serves `POST /endpoints/:name/invocations(-response-stream)` as the SageMaker runtime would:
 * body limit, optional SigV4, input validation, unknown endpoints, per-request mock attributes,
 * pre-stream faults, then the container (ModelError 424 if it rejects the body) and the answer.
 */
export async function handleInvocation(options: {
  state: MockState;
  request: IncomingMessage;
  response: ServerResponse;
  operation: Operation;
  endpointName: string;
  /** Record/replay: serves the request once it passed the checks, instead of the containers. */
  backend?: InvocationBackend;
}): Promise<void> {
  const { state, request, response, operation, endpointName } = options;
  const { config } = state;
  const requestId = randomUUID();
  const startedAt = performance.now();
  const entry = createEntry({ requestId, operation, endpointName, headers: request.headers });
  const fail = (error: ServiceError, outcome: JournalEntry['outcome'] = 'error'): void => {
    sendServiceError({ response, error, requestId, coralSuffix: config.errors.coralSuffix });
    entry.status = error.status;
    entry.outcome = outcome;
    entry.bytesSent = Number(response.getHeader('content-length') ?? 0);
    entry.detail ??= `${error.errorType}: ${String(error.body.Message ?? error.body.message)}`;
    recordEntry(state, { entry, startedAt });
  };

  let body: Uint8Array;
  try {
    const read = await readBody({ request, limit: MAX_BODY_BYTES });
    body = read.bytes;
    entry.body = Buffer.from(body.subarray(0, config.journal.maxBodyBytes)).toString('utf8');
    entry.bodyTruncated = read.size > config.journal.maxBodyBytes;
    if (read.tooLarge) {
      // Answered at the limit: the rest of the upload is not read.
      closeAfterRefusal(request);
      response.setHeader('Connection', 'close');
      return fail(validationError(validateRequest({ operation, endpointName, headers: request.headers, bodyBytes: read.size })!));
    }
  } catch (error) {
    entry.clientWentAway = true;
    entry.outcome = 'client-disconnected';
    entry.detail = (error as Error).message;
    recordEntry(state, { entry, startedAt });
    return;
  }

  if (config.auth.mode === 'sigv4') {
    const denied = await verifySigV4({ request, body, auth: config.auth, defaultRegion: config.region });
    if (denied) return fail(denied);
  }
  const invalid = validateRequest({ operation, endpointName, headers: request.headers, bodyBytes: body.length });
  if (invalid) return fail(validationError(invalid));
  if (options.backend) {
    try {
      await options.backend.handle({ request, response, operation, endpointName, body, requestId, startedAt, stats: entry });
    } finally {
      recordEntry(state, { entry, startedAt });
    }
    return;
  }
  // Own properties only: `constructor` or `toString` must not find Object.prototype's.
  const configured = Object.hasOwn(config.endpoints, endpointName) ? config.endpoints[endpointName] : undefined;
  // A creating, failed or deleted endpoint is not routable yet (or any more): the runtime answers as for an unknown name.
  if (!configured || !SERVING_STATUSES.has(configured.controlPlane?.status ?? 'InService')) return fail(validationError(`Endpoint ${endpointName} of account ${config.accountId} not found.`));

  const header = request.headers['x-amzn-sagemaker-custom-attributes'];
  const parsed = parseMockAttributes(Array.isArray(header) ? header.join(';') : header);
  if (!parsed.ok) return fail(validationError(parsed.message));
  const { attributes } = parsed;
  const baseSeed = attributes.seed ?? configured.seed ?? config.seed;
  // Variants, inference components and stateful sessions pick the container that answers.
  const routed = routeInvocation({ endpoint: configured, operation, headers: request.headers, body, seed: deriveSeed(baseSeed, configured.name, hashBytes(body)), accountId: config.accountId, sessions: state.sessions, newSessionId: randomUUID });
  if ('error' in routed) return fail(routed.error);
  const endpoint = routed.target.endpoint;
  Object.assign(entry, { profile: endpoint.profile, variant: endpoint.variant, instance: `${endpoint.variant}/${routed.target.instance}` }, routed.target.inferenceComponent ? { inferenceComponent: routed.target.inferenceComponent.name } : {}, routed.session ? { session: routed.session } : {});
  const seed = deriveSeed(attributes.seed ?? endpoint.seed ?? config.seed, endpoint.name, hashBytes(body));
  const fault = pickFault(endpoint, attributes, seed);
  if (fault) entry.fault = fault.name;
  const preStream = fault && PRE_STREAM_FAULTS[fault.name];
  if (fault && preStream) return fail(preStream(endpoint, state), `fault:${fault.name}`);

  const invocation: Invocation = { requestId, operation, endpoint, body, attributes, seed, fault, entry, startedAt };
  // The upstream request is cancelled as soon as the answer ended (early by a fault, a timeout
  // or a rejection) or the client went away.
  // Only with a backend: abort() builds a DOMException with a stack, some 20 µs per request.
  const upstreamControl = endpoint.backend ? new AbortController() : undefined;
  let backendGeneration: Generation | undefined;
  /** Awaits the model's whole answer; false when the request was answered instead (client gone, model failed). */
  let awaitWholeGeneration: (() => Promise<boolean>) | undefined;
  if (endpoint.backend && upstreamControl) {
    let clientClosed = false;
    // Before the answer starts, 'close' means the client went away.
    response.once('close', () => {
      clientClosed = !response.writableFinished;
      upstreamControl.abort();
    });
    const upstreamFailed = (status: number, message: string): void => {
      upstreamControl.abort();
      entry.detail = `backend: ${message}`;
      // A failed model server is what a real container failure looks like: ModelError 424.
      fail(
        modelError({
          region: config.region,
          accountId: config.accountId,
          endpointName: endpoint.name,
          containerName: endpoint.containerName,
          originalStatusCode: status,
          originalMessage: JSON.stringify({ error: message }),
        }),
      );
    };
    const upstream = await askBackend({
      backend: endpoint.backend,
      body,
      // Streaming: the service's streaming timeout bounds the model; InvokeEndpoint: its invocation timeout.
      timeoutMs: operation === 'InvokeEndpoint' ? endpoint.timeouts.invokeMs : endpoint.timeouts.streamMs,
      signal: upstreamControl.signal,
      model: endpoint.model,
      seed: deriveSeed(seed, 'logprobs'),
    });
    const clientGone = (): void => {
      upstreamControl.abort();
      entry.clientWentAway = true;
      entry.outcome = 'client-disconnected';
      recordEntry(state, { entry, startedAt });
    };
    if (clientClosed) return clientGone();
    if (upstream && !upstream.ok) return upstreamFailed(upstream.status, upstream.message);
    if (upstream) {
      const generation = upstream.generation;
      backendGeneration = generation;
      // Before the answer starts: a model failing midway is still a 424. False when answered so.
      awaitWholeGeneration = async () => {
        await whenComplete(generation);
        if (clientClosed) clientGone();
        else if (generation.live.error !== null) upstreamFailed(502, generation.live.error);
        else return true;
        return false;
      };
      // InvokeEndpoint answers with the whole body, and some containers only take a complete answer.
      if ((operation === 'InvokeEndpoint' || !containerFor(endpoint.profile).streamsLive) && !(await awaitWholeGeneration())) return;
    }
  }
  const created = endpoint.model.created;
  const answer = routed.reply ?? containerFor(endpoint.profile).handle({
    body,
    contentType: request.headers['content-type'],
    endpoint,
    seed,
    containerError: fault?.name === 'container-error' ? { afterTokens: fault.afterTokens } : null,
    clock: created === 'now' ? () => Math.floor(Date.now() / 1000) : () => created,
    ...(backendGeneration === undefined ? {} : { backendGeneration }),
  });
  if (answer.type === 'rejected') {
    upstreamControl?.abort();
    entry.detail = `container rejected the body (${answer.status}): ${answer.body}`;
    const outcome = fault?.name === 'container-error' ? 'fault:container-error' : 'error';
    return fail(
      modelError({
        region: config.region,
        accountId: config.accountId,
        endpointName: endpoint.name,
        containerName: endpoint.containerName,
        originalStatusCode: answer.status,
        originalMessage: answer.body,
      }),
      outcome,
    );
  }
  // A live container asked for a whole body (no `stream: true`): the model's whole answer first.
  if (answer.awaitsWholeGeneration && awaitWholeGeneration && !(await awaitWholeGeneration())) return;
  entry.finishReason = answer.generation?.finishReason;
  if (answer.generation) entry.replyText = answer.generation.text;
  try {
    if (operation === 'InvokeEndpoint') return await respondInvoke({ state, invocation, answer, response });
    return await respondStream({ state, invocation, answer, response });
  } finally {
    upstreamControl?.abort();
  }
}
