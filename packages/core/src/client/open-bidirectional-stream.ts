import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { SignatureV4 } from '@smithy/signature-v4';
import { BIDI_HEADERS, BIDI_PATH_SUFFIX, BIDI_SIGNING_SERVICE, STREAMING_EVENTS_PAYLOAD, type BidiCompletionState, type BidiDataType } from '../bidi/bidi-constants.js';
import { createBidiEventDecoder, type BidiStreamEvent } from '../bidi/bidi-event-decoder.js';
import { createEventSignatureChain, type EventSignatureChain } from '../bidi/event-signing.js';
import { encodeSignedBidiEvent } from '../bidi/sign-bidi-event.js';
import { EVENT_STREAM_CONTENT_TYPE } from '../event-stream/constants.js';
import { SageStreamError } from '../errors.js';
import { networkError } from '../transport/fetch-transport.js';
import { toServiceError } from '../transport/service-errors.js';
import { createReplyQueue } from './bidi-reply-queue.js';
import { NodeSha256 } from './node-sha256.js';
import { resolveBidiTarget, type BidiTargetOptions } from './resolve-bidi-target.js';

/** Options of {@link openBidirectionalStream}. */
export interface OpenBidirectionalStreamOptions extends BidiTargetOptions {
  endpointName: string;
  /** `X-Amzn-SageMaker-Target-Variant`. */
  targetVariant?: string;
  /** `X-Amzn-SageMaker-Model-Invocation-Path` (the container path SageMaker calls). */
  modelInvocationPath?: string;
  /** `X-Amzn-SageMaker-Model-Query-String` (forwarded to the container; the mock reads `mock-*` keys here). */
  modelQueryString?: string;
  /** Aborting closes the HTTP/2 stream and session; iteration then throws `aborted`. */
  signal?: AbortSignal;
  /** Largest accepted reply part (default: the event-stream maximum, 24 MiB). */
  maxPayloadBytes?: number;
  /** Give up when the response headers take longer (default 30 s). */
  connectTimeoutMs?: number;
}

/** Options of {@link BidirectionalStream.send}. */
export interface BidiSendOptions {
  /** `CompletionState`: true → COMPLETE (end of a message / turn), false → PARTIAL. Default true. */
  complete?: boolean;
  /** Default: UTF8 for strings, BINARY for bytes. */
  dataType?: BidiDataType;
}

/** One turn of a stream: a COMPLETE part sent, and when the first reply part after it arrived. */
export interface BidiTurnMetrics {
  sentAt: number;
  firstReplyAt?: number;
  /** Time to first reply part of this turn, ms. */
  timeToFirstReplyMs?: number;
}

/** Counters of a bidirectional stream. */
export interface BidiStreamMetrics {
  openedAt: number;
  /** When the 200 response headers arrived. */
  headersAt?: number;
  partsSent: number;
  bytesSent: number;
  partsReceived: number;
  bytesReceived: number;
  turns: BidiTurnMetrics[];
}

/** What the service said in its response headers. */
export interface BidiStreamMetadata {
  statusCode: number;
  requestId?: string;
  invokedVariant?: string;
}

/** An open InvokeEndpointWithBidirectionalStream call. Iterate it for the reply events. */
export interface BidirectionalStream extends AsyncIterable<BidiStreamEvent> {
  readonly metadata: BidiStreamMetadata;
  readonly metrics: BidiStreamMetrics;
  /** Sends one PayloadPart (signed, chained). Resolves once written to the HTTP/2 stream. */
  send(data: Uint8Array | string, options?: BidiSendOptions): Promise<void>;
  /** Sends the signed end-of-input event and half-closes the stream; replies keep arriving. */
  end(): Promise<void>;
  /** Cancels the stream now (RST_STREAM CANCEL) and closes the connection. */
  close(): void;
}

const textEncoder = new TextEncoder();
const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/**
 * Opens a bidirectional stream (SageMaker Runtime HTTP2, `POST /endpoints/{name}/invocations-bidirectional-stream`)
 * over `node:http2` — TLS for `https://` endpoints, cleartext h2c for `http://` ones such as the mock.
 * The request is SigV4-signed (service `sagemaker`, payload `STREAMING-AWS4-HMAC-SHA256-EVENTS`);
 * every event carries a `:chunk-signature` chained from the request signature. Errors before the
 * stream reject here; in-stream exceptions throw from the iteration, as typed {@link SageStreamError}s.
 *
 * @example
 * const stream = await openBidirectionalStream({ endpointName: 'mock-bidi-chat', endpointUrl: 'http://127.0.0.1:8080' });
 * await stream.send('Hello!');
 * await stream.end();
 * for await (const event of stream) if (event.type === 'payload-part') process.stdout.write(event.bytes);
 */
export async function openBidirectionalStream(options: OpenBidirectionalStreamOptions): Promise<BidirectionalStream> {
  const { endpointName, signal } = options;
  if (signal?.aborted) throw new SageStreamError('aborted', 'The request was stopped.');
  const target = await resolveBidiTarget(options);
  const { url, region, credentials } = target;
  const path = `${url.pathname.replace(/\/$/, '')}/endpoints/${encodeURIComponent(endpointName)}${BIDI_PATH_SUFFIX}`;
  const authority = url.host;
  const optional: Record<string, string> = {};
  if (options.targetVariant) optional[BIDI_HEADERS.targetVariant] = options.targetVariant;
  if (options.modelInvocationPath) optional[BIDI_HEADERS.modelInvocationPath] = options.modelInvocationPath;
  if (options.modelQueryString) optional[BIDI_HEADERS.modelQueryString] = options.modelQueryString;
  const signer = new SignatureV4({ credentials, region, service: BIDI_SIGNING_SERVICE, sha256: NodeSha256, applyChecksum: false });
  // Signed as the official client signs it: `:authority` (no `host`) and the streaming payload hash.
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path,
    headers: {
      ':authority': authority,
      'content-type': EVENT_STREAM_CONTENT_TYPE,
      'x-amz-content-sha256': STREAMING_EVENTS_PAYLOAD,
      ...optional,
    },
  });
  const authorization = String(signed.headers.authorization ?? '');
  const seedSignature = /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] ?? '';
  const chain: EventSignatureChain = createEventSignatureChain({ secretAccessKey: credentials.secretAccessKey, region, seedSignature });

  const metrics: BidiStreamMetrics = { openedAt: performance.now(), partsSent: 0, bytesSent: 0, partsReceived: 0, bytesReceived: 0, turns: [] };
  const metadata: BidiStreamMetadata = { statusCode: 0 };
  let session: ClientHttp2Session | undefined;
  let request: ClientHttp2Stream | undefined;
  let turnPointer = 0;
  const context = { endpointName, endpointUrl: url.origin };

  let socket: Socket | undefined;
  // One connection per stream: once the stream is over, the connection goes too. The socket is
  // destroyed directly as well, since a session can report itself destroyed with its socket open.
  const release = (): void => {
    signal?.removeEventListener('abort', onAbort);
    if (request && !request.destroyed) request.close(constants.NGHTTP2_CANCEL);
    if (session && !session.destroyed) session.destroy();
    socket?.destroy();
  };
  const queue = createReplyQueue<BidiStreamEvent>(release);
  const onAbort = (): void => {
    queue.close(new SageStreamError('aborted', 'The request was stopped.'));
    release();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    session = connect(url.origin, {
      createConnection: () => {
        socket = url.protocol === 'https:' ? connectTls({ host: url.hostname, port, servername: url.hostname, ALPNProtocols: ['h2'] }) : connectTcp({ host: url.hostname, port });
        return socket;
      },
    });
    session.on('error', () => undefined); // reported through the stream
    const headers: Record<string, string> = { ':method': 'POST', ':path': path };
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
    request = session.request(headers, { endStream: false });
    const stream = request;
    const response = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SageStreamError('network-error', `No response from ${url.origin} within ${options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS} ms.`, { endpointName })), options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      timer.unref();
      stream.once('response', (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      stream.once('error', (error) => {
        clearTimeout(timer);
        reject(signal?.aborted ? new SageStreamError('aborted', 'The request was stopped.') : networkError(error, url.origin));
      });
      session!.once('error', (error) => {
        clearTimeout(timer);
        reject(networkError(error, url.origin));
      });
      signal?.addEventListener('abort', () => reject(new SageStreamError('aborted', 'The request was stopped.')), { once: true });
    });
    metadata.statusCode = Number(response[':status'] ?? 0);
    const requestId = response['x-amzn-requestid'];
    if (typeof requestId === 'string') metadata.requestId = requestId;
    if (metadata.statusCode !== 200) throw await readErrorResponse({ stream, headers: response, ...context });
    const variant = response[BIDI_HEADERS.invokedVariant];
    if (typeof variant === 'string') metadata.invokedVariant = variant;
    metrics.headersAt = performance.now();

    const decoder = createBidiEventDecoder({
      ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
      onEvent(event) {
        if (event.type === 'payload-part') {
          metrics.partsReceived++;
          metrics.bytesReceived += event.bytes.length;
          const turn = metrics.turns[turnPointer];
          if (turn && turn.firstReplyAt === undefined) {
            turn.firstReplyAt = performance.now();
            turn.timeToFirstReplyMs = turn.firstReplyAt - turn.sentAt;
          }
          if (event.completionState === 'COMPLETE' && turnPointer < metrics.turns.length) turnPointer++;
          queue.push(event);
          return;
        }
        if (event.type === 'unknown-event') return; // as the AWS SDKs: skipped
        queue.close(streamEventError(event, { ...context, ...(metadata.requestId ? { requestId: metadata.requestId } : {}) }));
        release();
      },
    });
    stream.on('data', (chunk: Buffer) => {
      try {
        decoder.feed(chunk);
      } catch (error) {
        queue.close(error);
        release();
      }
    });
    let decodeFailure: unknown;
    stream.on('end', () => {
      try {
        decoder.end();
      } catch (error) {
        decodeFailure = error;
      }
    });
    stream.on('close', () => {
      // Node may emit 'end' before a reset's error: only 'close' with rstCode 0 is a clean end,
      // so a reset never ends the replies quietly (the official client's Body loop may).
      if (decodeFailure !== undefined) queue.close(decodeFailure);
      else if ((stream.rstCode ?? 0) === constants.NGHTTP2_NO_ERROR && stream.readableEnded) queue.close();
      if (!queue.closed) {
        queue.close(
          signal?.aborted
            ? new SageStreamError('aborted', 'The request was stopped.')
            : new SageStreamError('network-error', `The HTTP/2 stream was reset by the server (code ${stream.rstCode ?? 'unknown'}) before the response ended.`, { endpointName, ...(metadata.requestId ? { requestId: metadata.requestId } : {}), details: { rstCode: stream.rstCode } }),
        );
      }
      release();
    });
  } catch (error) {
    release();
    throw error;
  }

  const stream = request;
  let writing: Promise<void> = Promise.resolve();
  let ended = false;
  const closedError = (): SageStreamError => new SageStreamError(signal?.aborted ? 'aborted' : 'network-error', 'The bidirectional stream is closed.', { endpointName });
  // A write or end whose stream closes first never calls back: 'close' settles it instead.
  const settleOnClose = (operation: (done: (error?: Error | null) => void) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.destroyed || stream.closed) return reject(closedError());
      const onClose = (): void => reject(closedError());
      stream.once('close', onClose);
      operation((error) => {
        stream.off('close', onClose);
        if (error) reject(networkError(error, url.origin));
        else resolve();
      });
    });
  const writeFrame = (frame: Uint8Array): Promise<void> => {
    if (stream.writableEnded) return Promise.reject(closedError());
    return settleOnClose((done) => stream.write(frame, done));
  };
  // Signatures chain, so sends are serialized in call order.
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const next = writing.then(task);
    writing = next.catch(() => undefined);
    return next;
  };

  return {
    metadata,
    metrics,
    send(data, sendOptions = {}) {
      if (ended) return Promise.reject(new SageStreamError('invalid-argument', 'send() after end(): the input side of the stream is closed.', { endpointName }));
      const bytes = typeof data === 'string' ? textEncoder.encode(data) : data;
      const complete = sendOptions.complete ?? true;
      const dataType: BidiDataType = sendOptions.dataType ?? (typeof data === 'string' ? 'UTF8' : 'BINARY');
      const completionState: BidiCompletionState = complete ? 'COMPLETE' : 'PARTIAL';
      return enqueue(async () => {
        const frame = await encodeSignedBidiEvent({ chain, part: { bytes, dataType, completionState } });
        await writeFrame(frame);
        metrics.partsSent++;
        metrics.bytesSent += bytes.length;
        if (complete) metrics.turns.push({ sentAt: performance.now() });
      });
    },
    end() {
      if (ended) return writing;
      ended = true;
      return enqueue(async () => {
        await writeFrame(await encodeSignedBidiEvent({ chain }));
        await settleOnClose((done) => stream.end(() => done()));
      });
    },
    close() {
      queue.close(new SageStreamError('aborted', 'The stream was closed by the client.'));
      release();
    },
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
  };
}

function streamEventError(event: Exclude<BidiStreamEvent, { type: 'payload-part' | 'unknown-event' }>, context: { endpointName: string; requestId?: string }): SageStreamError {
  switch (event.type) {
    case 'model-stream-error':
      return new SageStreamError('model-stream-error', `The model stream failed (${event.errorCode}): ${event.message}`, { ...context, serviceCode: 'ModelStreamError', details: { ErrorCode: event.errorCode } });
    case 'internal-stream-failure':
      return new SageStreamError('internal-stream-failure', `SageMaker's stream failed: ${event.message}`, { ...context, serviceCode: 'InternalStreamFailure', fix: 'Retry the conversation.' });
    case 'unknown-exception':
      return toServiceError({ name: event.exceptionType, message: event.message, endpointName: context.endpointName, ...(context.requestId ? { requestId: context.requestId } : {}) });
    case 'error-frame':
      return toServiceError({ name: event.errorCode, message: event.message, endpointName: context.endpointName, ...(context.requestId ? { requestId: context.requestId } : {}) });
  }
}

/** Reads an error response (JSON, before any event) into a typed error. */
async function readErrorResponse(options: { stream: ClientHttp2Stream; headers: IncomingHttpHeaders; endpointName: string; endpointUrl: string }): Promise<SageStreamError> {
  const { stream, headers } = options;
  const chunks: Buffer[] = [];
  let size = 0;
  const MAX_ERROR_BODY = 64 * 1024;
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ERROR_BODY) chunks.push(chunk);
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  const text = Buffer.concat(chunks).toString('utf8');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: the status decides
  }
  const statusCode = Number(headers[':status'] ?? 0);
  const headerType = headers['x-amzn-errortype'];
  const name = (typeof headerType === 'string' ? headerType : undefined) ?? (typeof body.__type === 'string' ? body.__type : undefined) ?? (typeof body.code === 'string' ? body.code : undefined) ?? `HTTP ${statusCode}`;
  const message = typeof body.Message === 'string' ? body.Message : typeof body.message === 'string' ? body.message : text.slice(0, 500);
  const requestId = headers['x-amzn-requestid'];
  return toServiceError({ name, message, statusCode, fields: body, endpointName: options.endpointName, ...(typeof requestId === 'string' ? { requestId } : {}) });
}
