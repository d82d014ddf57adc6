import { randomUUID } from 'node:crypto';
import { constants, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import {
  BIDI_HEADERS,
  EVENT_STREAM_CONTENT_TYPE,
  STREAMING_EVENTS_PAYLOAD,
  createBidiInputDecoder,
  createEventSignatureChain,
  encodeBidiResponsePart,
  encodeExceptionFrame,
  encodeInternalStreamFailure,
  encodeModelStreamError,
  isSageStreamError,
  type BidiPayloadPart,
  type EventSignatureChain,
} from '@sagestream/core';
import { verifySigV4 } from '../auth/verify-sigv4.js';
import { checkRequest } from '../security/request-guard.js';
import { ENDPOINT_NAME_PATTERN } from '../config/normalize-config.js';
import type { FaultName } from '../config/mock-config.js';
import { recordEntry } from '../server/record-entry.js';
import { createEntry } from '../server/create-entry.js';
import type { JournalEntry } from '../server/journal.js';
import type { MockState } from '../server/mock-state.js';
import { modelError, throttlingError, unknownOperationError, type ServiceError } from '../service/service-errors.js';
import { timeoutMessage } from '../streaming/run-stream.js';
import { createRandom, deriveSeed } from '../util/random.js';
import { isValidInvocationPath, parseBidiAttributes } from './bidi-attributes.js';
import type { BidiEndpointConfig } from './bidi-config.js';
import type { BidiContainer, BidiContainerContext, BidiContainerFailure } from './bidi-container.js';
import { inputValidationError, internalServerError, sendBidiError, serviceUnavailableBidiError } from './bidi-service-errors.js';
import { connectBridgeContainer } from './bridge-container.js';
import { createChatContainer } from './chat-container.js';
import { createEchoContainer } from './echo-container.js';
import { createNodeBidiCrypto } from './node-bidi-crypto.js';
import { createTranscribeContainer } from './transcribe-container.js';

/** The operation name in the journal. */
export const BIDI_OPERATION = 'InvokeEndpointWithBidirectionalStream';
const PATH = /^\/endpoints\/([^/?]*)\/invocations-bidirectional-stream(?:\?.*)?$/;
const AUTHORIZATION = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,.*Signature=([0-9a-f]{64})$/;
const STREAM_BROKEN_MESSAGE = 'The Transmission Control Protocol (TCP) connection between the client and the model was reset or closed.';
const INTERNAL_FAILURE_MESSAGE = 'The stream processing failed because of an unknown error, exception or failure. Try your request again.';
const IN_STREAM_FAULTS: readonly FaultName[] = ['model-stream-error', 'stream-broken', 'internal-stream-failure', 'container-error', 'connection-reset', 'stall'];
/** Largest `mock-latency-scale` a request may ask for (the config's own scale is not limited). */
const MAX_REQUEST_LATENCY_SCALE = 10;
/** Delay before a reset, so that the frames already written reach the client first. */
const RESET_DELAY_MS = 5;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Pre-stream faults as this service names its errors. */
function preStreamFault(name: FaultName, endpoint: BidiEndpointConfig, state: MockState): ServiceError | null {
  switch (name) {
    case 'model-error':
      return modelError({ region: state.config.region, accountId: state.config.accountId, endpointName: endpoint.name, containerName: endpoint.containerName, originalStatusCode: 500, originalMessage: 'Internal model failure (mock fault: model-error)' });
    case 'validation-error':
      return inputValidationError('Mock fault: the request was rejected as invalid (mock-fault=validation-error).');
    case 'service-unavailable':
      return serviceUnavailableBidiError();
    case 'model-not-ready':
      return serviceUnavailableBidiError(`Model for endpoint ${endpoint.name} is not ready. Retry the request after the model is loaded.`);
    case 'internal-failure':
      return internalServerError();
    case 'throttling':
      return throttlingError();
    default:
      return null;
  }
}

/**
 * Serves one HTTP/2 stream of `POST /endpoints/{name}/invocations-bidirectional-stream`:
 * authority check, SigV4 (request and every event's chained signature), validation, pre-stream
 * faults, then a 200 and the conversation with the endpoint's container (echo, chat, transcribe, or
 * the user's own over a WebSocket bridge). Every input and output part goes to the journal.
 */
export async function handleBidiStream(options: { state: MockState; stream: ServerHttp2Stream; headers: IncomingHttpHeaders; active: Set<{ shutdown(): void }> }): Promise<void> {
  const { state, stream, headers } = options;
  const { config } = state;
  const bidi = config.bidi;
  const requestId = randomUUID();
  const startedAt = performance.now();
  const path = headerValue(headers, ':path') ?? '';
  const match = PATH.exec(path);
  const endpointName = match ? decodeURIComponent(match[1]!) : '';
  const entry: JournalEntry = { ...createEntry({ requestId, operation: BIDI_OPERATION, endpointName, headers }), bidiParts: [], bidiPartsDropped: 0 };

  const fail = (error: ServiceError, outcome: JournalEntry['outcome'] = 'error'): void => {
    entry.bytesSent = sendBidiError({ stream, error, requestId, coralSuffix: config.errors.coralSuffix });
    entry.status = error.status;
    entry.outcome = outcome;
    entry.detail ??= `${error.errorType}: ${String(error.body.Message ?? error.body.message)}`;
    recordEntry(state, { entry, startedAt });
  };
  stream.on('error', () => undefined); // resets by the client end up in 'close'

  // The shared Host/Origin guard of the HTTP/1.1 routes (DNS rebinding, cross-origin browsers).
  const verdict = checkRequest({
    host: headerValue(headers, ':authority') ?? headerValue(headers, 'host'),
    origin: headerValue(headers, 'origin'),
    secFetchSite: headerValue(headers, 'sec-fetch-site'),
    allowedHosts: config.server.allowedHosts,
  });
  if (!verdict.ok) {
    state.log?.(`refused HTTP/2 ${path.slice(0, 200)}: ${verdict.reason}`);
    return fail({ status: verdict.status, errorType: 'AccessDeniedException', body: { message: verdict.message }, generic: true });
  }
  if (!match) return fail(unknownOperationError(`No route for ${headerValue(headers, ':method') ?? ''} ${path.split('?')[0]} over HTTP/2; this port serves POST /endpoints/NAME/invocations-bidirectional-stream over HTTP/2.`));
  if (headerValue(headers, ':method') !== 'POST') return fail(unknownOperationError(`${headerValue(headers, ':method') ?? ''} ${path} is not an operation of the SageMaker runtime; use POST.`));

  let chain: EventSignatureChain | undefined;
  if (config.auth.mode === 'sigv4') {
    const denied = await verifySigV4({ request: { method: 'POST', url: path, headers }, body: new Uint8Array(0), auth: config.auth, defaultRegion: config.region, streamingEvents: true });
    if (denied) return fail(denied);
    if (headerValue(headers, 'x-amz-content-sha256') !== STREAMING_EVENTS_PAYLOAD) {
      return fail(inputValidationError(`x-amz-content-sha256 must be ${STREAMING_EVENTS_PAYLOAD}: every input event is signed.`));
    }
    const [, accessKeyId, , region, service, signature] = AUTHORIZATION.exec(headerValue(headers, 'authorization') ?? '') ?? [];
    const credential = config.auth.credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
    if (!credential || !region || !service || !signature) return fail(internalServerError());
    chain = createEventSignatureChain({ secretAccessKey: credential.secretAccessKey, region, service, seedSignature: signature, crypto: createNodeBidiCrypto() });
  }

  const contentType = headerValue(headers, 'content-type');
  if (contentType?.split(';')[0]?.trim().toLowerCase() !== EVENT_STREAM_CONTENT_TYPE) {
    return fail(inputValidationError(`Content-Type must be ${EVENT_STREAM_CONTENT_TYPE}, got ${JSON.stringify(contentType ?? '')}.`));
  }
  if (endpointName.length > 63 || !ENDPOINT_NAME_PATTERN.test(endpointName)) {
    return fail(inputValidationError(`1 validation error detected: Value '${endpointName}' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])* and have length <= 63`));
  }
  const endpoint = bidi.endpoints[endpointName];
  if (!endpoint) {
    const plain = config.endpoints[endpointName] !== undefined;
    return fail(inputValidationError(plain ? `Endpoint ${endpointName} does not support bidirectional streaming: its container does not declare com.amazonaws.sagemaker.capabilities.bidirectional-streaming=true.` : `Endpoint ${endpointName} of account ${config.accountId} not found.`));
  }
  entry.profile = endpoint.upstream ? 'bidi-bridge' : `bidi-${endpoint.mode}`;
  const targetVariant = headerValue(headers, BIDI_HEADERS.targetVariant);
  if (targetVariant !== undefined && targetVariant !== endpoint.variant) {
    return fail(inputValidationError(`Variant ${targetVariant} of endpoint ${endpointName} not found (variants: ${endpoint.variant}).`));
  }
  const invocationPath = headerValue(headers, BIDI_HEADERS.modelInvocationPath);
  if (invocationPath !== undefined && !isValidInvocationPath(invocationPath)) {
    return fail(inputValidationError('X-Amzn-SageMaker-Model-Invocation-Path must be at most 100 characters of [A-Za-z0-9-._] segments joined by /.'));
  }
  const parsed = parseBidiAttributes(headerValue(headers, BIDI_HEADERS.modelQueryString));
  if (!parsed.ok) return fail(inputValidationError(parsed.message));
  const { attributes } = parsed;
  // A request may shorten the stream timeout or speed the mock up, never hold it longer.
  if (attributes.streamTimeoutMs !== undefined && attributes.streamTimeoutMs > endpoint.streamTimeoutMs) {
    return fail(inputValidationError(`mock-stream-timeout-ms must be at most ${endpoint.streamTimeoutMs} (the endpoint's streamTimeoutMs), got ${attributes.streamTimeoutMs}.`));
  }
  if (attributes.latencyScale !== undefined && attributes.latencyScale > MAX_REQUEST_LATENCY_SCALE) {
    return fail(inputValidationError(`mock-latency-scale must be at most ${MAX_REQUEST_LATENCY_SCALE}, got ${attributes.latencyScale}.`));
  }
  const seed = deriveSeed(attributes.seed ?? endpoint.seed ?? config.seed, endpoint.name);
  let fault: { name: FaultName; afterParts: number } | null = null;
  if (attributes.fault) fault = { name: attributes.fault, afterParts: attributes.faultAfter ?? endpoint.fault?.afterTokens ?? 0 };
  else if (endpoint.fault && (endpoint.fault.probability >= 1 || createRandom(deriveSeed(seed, 'fault')).next() < endpoint.fault.probability)) {
    fault = { name: endpoint.fault.name, afterParts: attributes.faultAfter ?? endpoint.fault.afterTokens };
  }
  if (fault) entry.fault = fault.name;
  const preStream = fault && preStreamFault(fault.name, endpoint, state);
  if (fault && preStream) return fail(preStream, `fault:${fault.name}`);
  const inStreamFault = fault && IN_STREAM_FAULTS.includes(fault.name) ? fault : null;

  const queryString = headerValue(headers, BIDI_HEADERS.modelQueryString);
  await runConversation({
    ...(invocationPath ? { invocationPath } : {}),
    ...(queryString ? { queryString } : {}),
    state,
    stream,
    endpoint,
    entry,
    startedAt,
    requestId,
    chain,
    seed,
    fault: inStreamFault,
    latencyScale: attributes.latencyScale ?? config.latencyScale,
    streamTimeoutMs: attributes.streamTimeoutMs ?? endpoint.streamTimeoutMs,
    active: options.active,
    fail,
  });
}

interface ConversationOptions {
  state: MockState;
  stream: ServerHttp2Stream;
  endpoint: BidiEndpointConfig;
  entry: JournalEntry;
  startedAt: number;
  requestId: string;
  chain: EventSignatureChain | undefined;
  seed: number;
  fault: { name: FaultName; afterParts: number } | null;
  latencyScale: number;
  streamTimeoutMs: number;
  active: Set<{ shutdown(): void }>;
  fail: (error: ServiceError, outcome?: JournalEntry['outcome']) => void;
  invocationPath?: string;
  queryString?: string;
}

const textDecoder = new TextDecoder();

/** The 200 response and the conversation, until both sides are done or something fails. */
async function runConversation(options: ConversationOptions): Promise<void> {
  const { state, stream, endpoint, entry, startedAt, chain, fault } = options;
  const bidi = state.config.bidi;
  let finished = false;
  let stalled = false;
  let container: BidiContainer | undefined;
  const journalPart = (direction: 'input' | 'output', part: BidiPayloadPart): void => {
    if (entry.bidiParts!.length >= bidi.maxJournalParts) {
      entry.bidiPartsDropped!++;
      return;
    }
    const preview = part.dataType === 'UTF8' ? textDecoder.decode(part.bytes.subarray(0, state.config.journal.maxBodyBytes)) : Buffer.from(part.bytes.subarray(0, 32)).toString('hex');
    entry.bidiParts!.push({ direction, bytes: part.bytes.length, preview, ...(part.dataType ? { dataType: part.dataType } : {}), ...(part.completionState ? { completionState: part.completionState } : {}) });
  };

  const write = (frame: Uint8Array): void => {
    if (stream.destroyed || stream.writableEnded) return;
    entry.bytesSent += frame.length;
    stream.write(frame);
  };
  const timeout = state.scheduler.schedule({
    at: startedAt + options.streamTimeoutMs,
    callback: () => end({ frame: encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: timeoutMessage(endpoint.containerName) }), outcome: stalled ? 'fault:stall' : 'error', detail: 'ModelInvocationTimeExceeded' }),
  });
  const running = { shutdown: () => end({ frame: encodeInternalStreamFailure({ message: 'The mock endpoint is shutting down.' }), outcome: 'error', detail: 'server-shutdown' }) };
  // In the mock's own in-flight set too: its activeCount and shutdown() cover bidi streams.
  options.active.add(running);
  state.active.add(running);
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  function end(result: { frame?: Uint8Array; outcome: JournalEntry['outcome']; detail?: string; reset?: boolean; clientWentAway?: boolean }): void {
    if (finished) return;
    finished = true;
    timeout.cancel();
    options.active.delete(running);
    state.active.delete(running);
    container?.close();
    entry.outcome = result.outcome;
    if (result.detail) entry.detail = result.detail;
    if (result.clientWentAway) entry.clientWentAway = true;
    if (result.reset) {
      // RST_STREAM INTERNAL_ERROR once the frames already written are out: close() would end the
      // stream cleanly first when the client has already half-closed, so destroy it a moment later.
      setTimeout(() => stream.destroy(new Error('mock fault: connection-reset')), RESET_DELAY_MS).unref();
    } else if (!stream.destroyed) {
      if (result.frame) write(result.frame);
      stream.end();
      // The client may still be sending: once the response is complete, stop reading its events.
      stream.once('finish', () => setImmediate(() => !stream.destroyed && stream.close(constants.NGHTTP2_NO_ERROR)));
    }
    recordEntry(state, { entry, startedAt });
    resolveDone();
  }

  function strike(name: FaultName): void {
    switch (name) {
      case 'model-stream-error':
      case 'container-error':
        return end({ frame: encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: timeoutMessage(endpoint.containerName) }), outcome: `fault:${name}` });
      case 'stream-broken':
        return end({ frame: encodeModelStreamError({ errorCode: 'StreamBroken', message: STREAM_BROKEN_MESSAGE }), outcome: `fault:${name}` });
      case 'internal-stream-failure':
        return end({ frame: encodeInternalStreamFailure({ message: INTERNAL_FAILURE_MESSAGE }), outcome: `fault:${name}` });
      case 'connection-reset':
        return end({ outcome: `fault:${name}`, reset: true });
      default:
        // stall: the container goes quiet; the stream timeout ends it.
        stalled = true;
    }
  }

  const context: BidiContainerContext = {
    endpoint,
    bidi,
    state,
    seed: options.seed,
    latencyScale: options.latencyScale,
    emit(part) {
      if (finished || stalled) return;
      if (fault && entry.partsSent >= fault.afterParts) return strike(fault.name);
      entry.partsSent++;
      entry.payloadBytes += part.bytes.length;
      journalPart('output', part);
      write(encodeBidiResponsePart(part));
    },
    fail(failure: BidiContainerFailure) {
      const frame = failure.type === 'model-stream-error' ? encodeModelStreamError({ errorCode: failure.errorCode, message: failure.message }) : encodeInternalStreamFailure({ message: failure.message });
      end({ frame, outcome: 'error', detail: failure.type === 'model-stream-error' ? failure.errorCode : 'InternalStreamFailure' });
    },
    finish() {
      end({ outcome: 'completed' });
    },
  };

  if (endpoint.upstream) {
    const bridged = await connectBridgeContainer({
      upstream: endpoint.upstream,
      context,
      ...(options.invocationPath ? { invocationPath: options.invocationPath } : {}),
      ...(options.queryString ? { queryString: options.queryString } : {}),
    });
    if ('message' in bridged) {
      timeout.cancel();
      options.active.delete(running);
      state.active.delete(running);
      entry.detail = bridged.message;
      return options.fail(modelError({ region: state.config.region, accountId: state.config.accountId, endpointName: endpoint.name, containerName: endpoint.containerName, originalStatusCode: 0, originalMessage: bridged.message }));
    }
    container = bridged;
  } else {
    container = endpoint.mode === 'echo' ? createEchoContainer(context) : endpoint.mode === 'chat' ? createChatContainer(context) : createTranscribeContainer(context);
  }
  if (stream.destroyed) {
    end({ outcome: 'client-disconnected', clientWentAway: true });
    return done;
  }

  entry.status = 200;
  stream.respond({
    ':status': 200,
    'x-amzn-requestid': options.requestId,
    'x-amzn-invoked-production-variant': endpoint.variant,
    'content-type': EVENT_STREAM_CONTENT_TYPE,
  });
  stream.on('close', () => end({ outcome: 'client-disconnected', clientWentAway: true }));

  const input = createBidiInputDecoder({
    ...(chain ? { chain } : {}),
    maxPayloadBytes: bidi.maxPartBytes,
    maxClockSkewMs: state.config.auth.maxClockSkewMs,
    maxEvents: bidi.maxEventsPerStream,
    onPart(part) {
      if (finished) return;
      journalPart('input', part);
      container?.input(part);
    },
  });
  const rejectInput = (error: unknown): void => {
    if (finished) return;
    const code = isSageStreamError(error) ? error.code : 'unknown-error';
    const message = error instanceof Error ? error.message : String(error);
    // The real service's answer to a bad event is not documented: the mock ends the stream with an
    // exception event of the operation's InputValidationError (see docs/wire-format.md).
    end({
      frame: encodeExceptionFrame({ exceptionType: 'InputValidationError', body: { ErrorCode: code === 'signature-mismatch' ? 'INVALID_SIGNATURE' : 'INVALID_EVENT', Message: message } }),
      outcome: 'error',
      detail: `${code}: ${message}`,
    });
  };
  stream.on('data', (chunk: Buffer) => {
    if (finished) return;
    stream.pause();
    input.feed(chunk).then(() => !finished && stream.resume(), rejectInput);
  });
  stream.on('end', () => {
    if (finished) return;
    input.end().then(async () => {
      if (finished || !container) return;
      await container.end();
      if (!stalled) end({ outcome: 'completed' });
    }, rejectInput);
  });
  return done;
}
