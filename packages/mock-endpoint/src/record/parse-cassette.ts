import { MAX_TIMER_MS } from '../config/limits.js';
import { MockEndpointError } from '../errors.js';
import type { Cassette, CassetteEnd } from './cassette.js';

type Loose = Record<string, unknown>;

/** An HTTP token (RFC 9110 §5.6.2): the only header names Node will write. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value Node will write: no CR, LF or other control characters but tab. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Headers the replayer sets itself (framing, connection): a cassette may not carry them. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'te', 'x-amzn-requestid']);

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed cassette file completely before anything of it is served, so that a hand-edited
 * or truncated file is a clear error (`invalid-cassette`, naming the field) instead of a crash in
 * the middle of a replay: status, header names and values (no CR/LF), base64 bodies and parts,
 * a JSON error body, times within Node's timer range.
 */
export function parseCassette(value: unknown, file: string): Cassette {
  const fail = (path: string, expected: string): never => {
    throw new MockEndpointError('invalid-cassette', `Invalid cassette ${file} at ${path}: expected ${expected}.`, { file, path, expected });
  };
  const string = (item: unknown, path: string): string => (typeof item === 'string' ? item : fail(path, 'a string'));
  const optionalString = (item: unknown, path: string): string | undefined => (item === undefined ? undefined : string(item, path));
  const time = (item: unknown, path: string): number => (typeof item === 'number' && Number.isFinite(item) && item >= 0 && item <= MAX_TIMER_MS ? item : fail(path, `a time in ms from 0 to ${MAX_TIMER_MS}`));
  const base64 = (item: unknown, path: string): string => (typeof item === 'string' && item.length % 4 === 0 && BASE64.test(item) ? item : fail(path, 'a base64 string'));

  if (!isObject(value)) fail('(root)', 'a JSON object');
  const root = value as Loose;
  if (root.version !== 1) fail('version', '1');
  const operation = root.operation === 'InvokeEndpoint' || root.operation === 'InvokeEndpointWithResponseStream' ? root.operation : fail('operation', 'InvokeEndpoint or InvokeEndpointWithResponseStream');
  const endpoint = string(root.endpoint, 'endpoint');
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(endpoint)) fail('endpoint', 'an endpoint name');
  const recordedAt = string(root.recordedAt, 'recordedAt');

  if (!isObject(root.request)) fail('request', 'an object');
  const request = root.request as Loose;
  const bodySha256 = string(request.bodySha256, 'request.bodySha256');
  if (!/^[0-9a-f]{64}$/.test(bodySha256)) fail('request.bodySha256', 'a SHA-256 hex digest');
  const bodyEncoding = request.bodyEncoding === 'utf8' || request.bodyEncoding === 'base64' ? request.bodyEncoding : fail('request.bodyEncoding', 'utf8 or base64');
  const contentType = optionalString(request.contentType, 'request.contentType');
  const accept = optionalString(request.accept, 'request.accept');
  const customAttributes = optionalString(request.customAttributes, 'request.customAttributes');

  if (!isObject(root.response)) fail('response', 'an object');
  const response = root.response as Loose;
  const status = typeof response.status === 'number' && Number.isInteger(response.status) && response.status >= 200 && response.status <= 599 ? response.status : fail('response.status', 'an HTTP status from 200 to 599');
  if (!isObject(response.headers)) fail('response.headers', 'an object of header name → string');
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(response.headers as Loose)) {
    const path = `response.headers.${name}`;
    if (!TOKEN.test(name)) fail(path, 'a header name (an HTTP token)');
    if (RESERVED_HEADERS.has(name.toLowerCase())) fail(path, 'no framing or connection header (the replayer sets them)');
    const text = string(headerValue, path);
    if (!FIELD_VALUE.test(text) || text.length > 8192) fail(path, 'a header value of at most 8192 characters without CR, LF or control characters');
    headers[name] = text;
  }
  const body = response.body === undefined ? undefined : base64(response.body, 'response.body');
  const atMs = response.atMs === undefined ? undefined : time(response.atMs, 'response.atMs');
  if (status !== 200) {
    const errorType = headers['x-amzn-ErrorType'];
    if (errorType !== undefined && !TOKEN.test(errorType.split(':')[0]!)) fail('response.headers.x-amzn-ErrorType', 'an error type name');
    if (body !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body, 'base64').toString('utf8') || '{}');
      } catch {
        parsed = undefined;
      }
      if (!isObject(parsed)) fail('response.body', 'the base64 of a JSON object (an error response)');
    }
  }

  let parts: Cassette['parts'];
  if (root.parts !== undefined) {
    if (!Array.isArray(root.parts)) fail('parts', 'a list of { atMs, bytes }');
    parts = (root.parts as unknown[]).map((part, index) => {
      if (!isObject(part)) fail(`parts[${index}]`, 'an object { atMs, bytes }');
      const item = part as Loose;
      return { atMs: time(item.atMs, `parts[${index}].atMs`), bytes: base64(item.bytes, `parts[${index}].bytes`) };
    });
  }
  let end: CassetteEnd | undefined;
  if (root.end !== undefined) {
    if (!isObject(root.end)) fail('end', 'an object { type, atMs }');
    const raw = root.end as Loose;
    const endAt = time(raw.atMs, 'end.atMs');
    switch (raw.type) {
      case 'completed':
        end = { type: 'completed', atMs: endAt };
        break;
      case 'model-stream-error':
        end = { type: 'model-stream-error', atMs: endAt, errorCode: string(raw.errorCode, 'end.errorCode'), message: string(raw.message, 'end.message') };
        break;
      case 'internal-stream-failure':
      case 'disconnected':
        end = { type: raw.type, atMs: endAt, message: string(raw.message, 'end.message') };
        break;
      default:
        fail('end.type', 'completed, model-stream-error, internal-stream-failure or disconnected');
    }
  }
  return {
    version: 1,
    recordedAt,
    operation,
    endpoint,
    request: {
      bodySha256,
      body: string(request.body, 'request.body'),
      bodyEncoding,
      ...(contentType === undefined ? {} : { contentType }),
      ...(accept === undefined ? {} : { accept }),
      ...(customAttributes === undefined ? {} : { customAttributes }),
    },
    response: { status, headers, ...(body === undefined ? {} : { body }), ...(atMs === undefined ? {} : { atMs }) },
    ...(parts === undefined ? {} : { parts }),
    ...(end === undefined ? {} : { end }),
  };
}
