import WebSocket from 'ws';
import type { BidiContainer, BidiContainerContext } from './bidi-container.js';

/** The path SageMaker connects to inside a bidi-capable container. */
export const CONTAINER_BIDI_PATH = '/invocations-bidirectional-stream';
/** Largest frame accepted from the container (the mock's input part limit applies both ways). */
const CLOSE_NORMAL = 1000;
/** Close code when the container stopped answering pings. */
const CLOSE_GOING_AWAY = 1001;

/** Why a bridge could not reach the container (→ ModelError 424 before the stream). */
export interface BridgeConnectFailure {
  message: string;
}

/**
 * Bridge mode: plays the SageMaker platform in front of the user's container WebSocket. UTF8
 * parts become text frames and BINARY parts binary frames (PARTIAL parts are WebSocket fragments,
 * COMPLETE ends the message); each frame from the container becomes one COMPLETE response part.
 * Pings every `pingIntervalMs`; after `maxMissedPongs` unanswered pings the socket is closed and the
 * stream ends with a ModelStreamError.
 */
export async function connectBridgeContainer(options: {
  upstream: string;
  context: BidiContainerContext;
  /** `X-Amzn-SageMaker-Model-Invocation-Path` (already validated): the container path instead of the default. */
  invocationPath?: string;
  /** `X-Amzn-SageMaker-Model-Query-String` (already validated): forwarded as the URL's query. */
  queryString?: string;
  timeoutMs?: number;
}): Promise<BidiContainer | BridgeConnectFailure> {
  const { context } = options;
  const target = new URL(options.invocationPath ? `/${options.invocationPath}` : CONTAINER_BIDI_PATH, options.upstream);
  if (options.queryString) target.search = options.queryString;
  const url = target.toString();
  const socket = new WebSocket(url, { maxPayload: context.bidi.maxPartBytes, handshakeTimeout: options.timeoutMs ?? 5000, perMessageDeflate: false });
  const opened = await new Promise<true | BridgeConnectFailure>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('error', (error) => resolve({ message: `Could not connect to the container WebSocket at ${url}: ${error.message}` }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ message: `The container answered the WebSocket upgrade at ${url} with HTTP ${response.statusCode}.` });
      socket.terminate();
    });
  });
  if (opened !== true) {
    socket.terminate();
    return opened;
  }
  let closed = false;
  let missed = 0;
  let inputEnded = false;
  let settle: (() => void) | undefined;
  const ended = new Promise<void>((resolve) => (settle = resolve));
  const ping = setInterval(() => {
    if (missed >= context.bidi.maxMissedPongs) {
      clearInterval(ping);
      socket.close(CLOSE_GOING_AWAY, 'missed pongs');
      setTimeout(() => socket.terminate(), 1000).unref();
      if (!closed) context.fail({ type: 'model-stream-error', errorCode: 'StreamBroken', message: `The model container did not answer ${missed} WebSocket pings; SageMaker closed the connection.` });
      return;
    }
    missed++;
    socket.ping();
  }, context.bidi.pingIntervalMs);
  ping.unref();
  socket.on('pong', () => (missed = 0));
  socket.on('message', (data, isBinary) => {
    if (closed) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    context.emit({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), dataType: isBinary ? 'BINARY' : 'UTF8', completionState: 'COMPLETE' });
  });
  socket.on('error', () => undefined); // 'close' follows and decides
  socket.on('close', () => {
    clearInterval(ping);
    settle?.();
    // The container ended the conversation before the client did: the response ends too.
    if (!closed && !inputEnded) context.finish();
  });
  return {
    input(part) {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(part.bytes, { binary: part.dataType !== 'UTF8', fin: part.completionState !== 'PARTIAL' });
    },
    end() {
      inputEnded = true;
      if (socket.readyState === WebSocket.OPEN) socket.close(CLOSE_NORMAL, 'end of input');
      return ended;
    },
    close() {
      closed = true;
      clearInterval(ping);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(CLOSE_NORMAL);
      setTimeout(() => socket.terminate(), 1000).unref();
      settle?.();
    },
  };
}
