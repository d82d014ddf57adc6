import type { TokenParserOptions } from '../formats/create-token-parser.js';
import { createTokenParser } from '../formats/create-token-parser.js';
import type { TokenPart } from '../formats/token-part.js';
import { iterateBytes, type ByteSource } from './async-iterables.js';
import { createResponseDecoder, type ResponseDecoderOptions } from './create-response-decoder.js';
import { pump } from '../util/pump.js';

/** Options of {@link decodeResponseStream}: the push options without the callback. */
export type DecodeResponseOptions = Omit<ResponseDecoderOptions, 'onPart'>;
/** Options of {@link decodePayloadStream}. */
export type DecodePayloadOptions = Omit<TokenParserOptions, 'onPart'>;

/**
 * Decodes an InvokeEndpointWithResponseStream HTTP body (event-stream bytes) into token parts,
 * as the bytes arrive. Breaking out of the loop cancels the body. Parts decoded before a fatal
 * error are yielded before the error is thrown.
 *
 * @example
 * const response = await fetch(url, { method: 'POST', body, signal });
 * for await (const part of decodeResponseStream(response.body!, { contentType: response.headers.get('x-amzn-sagemaker-content-type') ?? undefined })) {
 *   if (part.type === 'text-delta') process.stdout.write(part.text);
 * }
 */
export function decodeResponseStream(body: ByteSource, options: DecodeResponseOptions = {}): AsyncGenerator<TokenPart, void, undefined> {
  return pump<TokenPart>(iterateBytes(body), (onPart) => createResponseDecoder({ ...options, onPart }));
}

/**
 * Decodes container output delivered as PayloadPart byte arrays (e.g. the AWS SDK's
 * `event.PayloadPart.Bytes`) into token parts.
 */
export function decodePayloadStream(payloads: AsyncIterable<Uint8Array>, options: DecodePayloadOptions = {}): AsyncGenerator<TokenPart, void, undefined> {
  return pump<TokenPart>(payloads, (onPart) => createTokenParser({ ...options, onPart }));
}
