import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { SignatureV4 } from '@smithy/signature-v4';
import { createBidiEventDecoder, createEventSignatureChain, encodeSignedBidiEvent, type BidiPayloadPart, type BidiStreamEvent, type EventSignatureChain } from '@sagestream/core';
import { Sha256 } from '../../src/auth/sha256.js';

/** A raw HTTP/2 bidi call: the request stream, its signature chain, and what came back. */
export interface RawBidiCall {
  session: ClientHttp2Session;
  chain: EventSignatureChain | undefined;
  headers: Promise<IncomingHttpHeaders>;
  /** Writes bytes as they are (already encoded events, or garbage). */
  write(bytes: Uint8Array): Promise<void>;
  /** Signs and writes one part (or, without one, the end-of-input event). */
  send(part?: BidiPayloadPart): Promise<Uint8Array>;
  /** Half-closes the request. */
  finish(): void;
  /** Resolves with every response event and the raw body once the response ends. */
  result: Promise<{ events: BidiStreamEvent[]; body: Buffer; error?: unknown }>;
  close(): void;
}

/** Opens `POST /endpoints/NAME/invocations-bidirectional-stream` with node:http2, signed when credentials are given. */
export async function openRawBidi(options: {
  url: string;
  endpointName: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  headers?: Record<string, string>;
  method?: string;
  path?: string;
  authority?: string;
}): Promise<RawBidiCall> {
  const url = new URL(options.url);
  const session = connect(url.origin);
  session.on('error', () => undefined);
  const path = options.path ?? `/endpoints/${options.endpointName}/invocations-bidirectional-stream`;
  let headers: Record<string, string> = {
    ':authority': options.authority ?? url.host,
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-EVENTS',
    ...options.headers,
  };
  const credentials = options.credentials ?? { accessKeyId: 'AKIDRAW', secretAccessKey: 'raw-secret' };
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sagemaker', sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers });
  headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const chain: EventSignatureChain | undefined = createEventSignatureChain({ secretAccessKey: credentials.secretAccessKey, region: 'us-east-1', seedSignature: /Signature=([0-9a-f]{64})/.exec(headers.authorization!)![1]! });
  const request = session.request({ ':method': options.method ?? 'POST', ':path': path, ...headers }, { endStream: false });
  request.on('error', () => undefined);
  const responseHeaders = new Promise<IncomingHttpHeaders>((resolve) => request.once('response', resolve));
  const events: BidiStreamEvent[] = [];
  const chunks: Buffer[] = [];
  const result = new Promise<{ events: BidiStreamEvent[]; body: Buffer; error?: unknown }>((resolve) => {
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('close', () => {
      const body = Buffer.concat(chunks);
      let error: unknown;
      try {
        const decoder = createBidiEventDecoder({ onEvent: (event) => events.push(event) });
        // A JSON error body ({…}) is not an event stream.
        if (body.length > 0 && body[0] !== 0x7b) {
          decoder.feed(body);
          decoder.end();
        }
      } catch (caught) {
        error = caught;
      }
      resolve({ events, body, ...(error ? { error } : {}), ...(request.rstCode ? { error: new Error(`rst ${request.rstCode}`) } : {}) });
    });
  });
  const write = (bytes: Uint8Array): Promise<void> => new Promise((resolve) => (request.destroyed || request.writableEnded ? resolve() : request.write(bytes, () => resolve())));
  return {
    session,
    chain,
    headers: responseHeaders,
    write,
    async send(part) {
      const frame = await encodeSignedBidiEvent({ chain: chain!, ...(part ? { part } : {}) });
      await write(frame);
      return frame;
    },
    finish: () => request.end(),
    result,
    close: () => {
      request.close();
      session.close();
    },
  };
}

/** UTF8 COMPLETE part of a text. */
export function textPart(text: string): BidiPayloadPart {
  return { bytes: new TextEncoder().encode(text), dataType: 'UTF8', completionState: 'COMPLETE' };
}
