/**
 * `npm run bench` in @sagestream/core. Prints, on the same bytes in the same run:
 *  (a) event-stream decode throughput next to @smithy/eventstream-codec (the AWS SDK's decoder);
 *  (b) token parsing throughput for LMI and TGI next to a port of the announcement's LineIterator;
 *  (c) the CRC-32 implementations;
 *  (d) bidirectional-stream event signing next to @smithy/signature-v4.
 */
import { getChunkedStream } from '@smithy/core/event-streams';
import { Crc32 } from '@smithy/core/checksum';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { EventStreamCodec as EventStreamCodecV3 } from 'smithy-eventstream-codec-v3';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { cpus } from 'node:os';
import { crc32, crc32Implementation, crc32Portable } from '../src/event-stream/crc32.js';
import { createSageMakerEventDecoder } from '../src/event-stream/sagemaker-event-decoder.js';
import { encodePayloadPart } from '../src/event-stream/sagemaker-event-encoder.js';
import { createTokenParser } from '../src/formats/create-token-parser.js';
import { asAsync, chunk, formatNumber, measure, printTable } from './harness.js';
import { baselineLmi, baselineTgi } from './line-iterator-baseline.js';
import { benchBidiSigning } from './bidi-signing.js';

const encoder = new TextEncoder();
const TOKENS = 200_000;
const HTTP_CHUNK = 16 * 1024;

function tokenText(i: number): string {
  const words = [' the', ' stream', 'ing', ' café', ' 日本', ' 🎉', ' model', ',', ' SageMaker', ' token'];
  return words[i % words.length]!;
}
function lmiLine(i: number): string {
  return `${JSON.stringify({ token: { id: 1000 + (i % 30000), text: tokenText(i), log_prob: -0.0523 } }).replace(/":/g, '": ').replace(/,"/g, ', "')}\n`;
}
function tgiEvent(i: number): string {
  return `data:${JSON.stringify({ index: i + 1, token: { id: 1000 + (i % 30000), text: tokenText(i), logprob: -0.25, special: false }, generated_text: null, details: null })}\n\n`;
}

function payloads(kind: 'lmi' | 'tgi'): Uint8Array[] {
  return Array.from({ length: TOKENS }, (_, i) => encoder.encode(kind === 'lmi' ? lmiLine(i) : tgiEvent(i)));
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function decodeOurs(chunks: Uint8Array[]): Promise<number> {
  let bytes = 0;
  const decoder = createSageMakerEventDecoder({ onEvent: (event) => (bytes += event.type === 'payload-part' ? event.bytes.length : 0) });
  for await (const piece of asAsync(chunks)) decoder.feed(piece);
  decoder.end();
  return bytes;
}

async function decodeSmithy(chunks: Uint8Array[], Codec: typeof EventStreamCodec = EventStreamCodec): Promise<number> {
  const codec = new Codec(toUtf8, fromUtf8);
  let bytes = 0;
  for await (const message of getChunkedStream(asAsync(chunks))) {
    const decoded = codec.decode(message);
    if (decoded.headers[':event-type']?.value === 'PayloadPart') bytes += decoded.body.length;
  }
  return bytes;
}

async function main(): Promise<void> {
  console.log(`@sagestream/core benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, crc32: ${crc32Implementation}`);

  // (a) event-stream decoding
  const eventRows: string[][] = [];
  const bodies: [string, Uint8Array][] = [
    [`${formatNumber(TOKENS)} token frames (LMI lines)`, concatAll(payloads('lmi').map((payload) => encodePayloadPart(payload)))],
    [
      '2,000 frames of 4–64 KiB',
      concatAll(Array.from({ length: 2000 }, (_, i) => encodePayloadPart(new Uint8Array(4096 + ((i * 7919) % 61440)).fill(i & 0xff)))),
    ],
  ];
  for (const [name, body] of bodies) {
    const chunks = chunk(body, HTTP_CHUNK);
    const expected = await decodeSmithy(chunks);
    if ((await decodeOurs(chunks)) !== expected) throw new Error('decoders disagree');
    const ours = await measure(() => decodeOurs(chunks));
    const smithy = await measure(() => decodeSmithy(chunks), { runs: 3, warmup: 1 });
    const smithyV3 = await measure(() => decodeSmithy(chunks, EventStreamCodecV3 as unknown as typeof EventStreamCodec), { runs: 3, warmup: 1 });
    const mb = body.length / 1e6;
    const rate = (ms: number) => formatNumber(mb / (ms / 1000), 0);
    eventRows.push([
      name,
      `${formatNumber(mb, 1)} MB`,
      rate(smithyV3.medianMs),
      rate(smithy.medianMs),
      rate(ours.medianMs),
      `${formatNumber(smithyV3.medianMs / ours.medianMs, 1)}× / ${formatNumber(smithy.medianMs / ours.medianMs, 1)}×`,
    ]);
  }
  printTable(
    '(a) event-stream decode, body in 16 KiB HTTP chunks (MB/s, median); baselines: the AWS SDK pipeline (getChunkedStream + EventStreamCodec.decode)',
    ['body', 'size', 'codec 3.1.10 (@aws-crypto/crc32, SDK 3.600)', 'codec 4.5.2 (current SDK)', '@sagestream/core', 'speed-up vs 3.1.10 / 4.5.2'],
    eventRows,
  );

  // (b) token parsing from PayloadPart bytes
  const tokenRows: string[][] = [];
  for (const kind of ['lmi', 'tgi'] as const) {
    const parts = payloads(kind);
    const coalesced = chunk(concatAll(parts), 4096);
    const ours = (input: Uint8Array[]) => {
      let tokens = 0;
      const parser = createTokenParser({ contentType: kind === 'lmi' ? 'application/jsonlines' : 'text/event-stream', onPart: (part) => (tokens += part.type === 'text-delta' ? 1 : 0) });
      for (const part of input) parser.feed(part);
      parser.end();
      return tokens;
    };
    const baseline = kind === 'lmi' ? baselineLmi : baselineTgi;
    for (const [split, input] of [['one part per token', parts], ['4 KiB parts', coalesced]] as const) {
      if (ours(input) !== TOKENS || baseline(input) !== TOKENS) throw new Error(`token count mismatch for ${kind}`);
      const oursTime = await measure(() => ours(input));
      const baseTime = await measure(() => baseline(input));
      tokenRows.push([
        `${kind.toUpperCase()} ${split}`,
        formatNumber(TOKENS / (baseTime.medianMs / 1000)),
        formatNumber(TOKENS / (oursTime.medianMs / 1000)),
        `${formatNumber(baseTime.medianMs / oursTime.medianMs, 1)}×`,
      ]);
    }
  }
  printTable(`(b) token parsing, ${formatNumber(TOKENS)} tokens (tokens/s, median)`, ['stream', 'LineIterator port', '@sagestream/core', 'ratio'], tokenRows);

  // (c) CRC-32
  const data = new Uint8Array(8 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
  const smithyCrc = () => {
    const checksum = new Crc32();
    checksum.update(data);
    return checksum.digestSync();
  };
  const rows = [
    ['@smithy/core Crc32 (AWS SDK)', await measure(smithyCrc, { runs: 3 })],
    ['portable slice-by-8 (browsers)', await measure(() => crc32Portable(data))],
    ['node zlib.crc32 (used on Node)', await measure(() => crc32(data))],
  ] as const;
  printTable('(c) CRC-32 over 8 MiB (MB/s, median)', ['implementation', 'MB/s'], rows.map(([name, result]) => [name, formatNumber(data.length / 1e6 / (result.medianMs / 1000))]));

  await benchBidiSigning();
}

await main();
