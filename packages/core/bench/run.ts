/**
 * `npm run bench` in @sagestream/core. Prints, on the same bytes in the same run:
 *  (a) event-stream decode throughput next to @smithy/eventstream-codec (the AWS SDK's decoder);
 *  (b) token parsing throughput for LMI and TGI next to a port of the announcement's LineIterator,
 *      a naive loop (fresh TextDecoder per part) and the whole-body limit;
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
import { asAsync, chunk, formatNumber, measure, measureInterleaved, printTable, type Measurement } from './harness.js';
import { baselineLmi, baselineTgi } from './line-iterator-baseline.js';
import { benchBidiSigning } from './bidi-signing.js';
import { limitLmi, limitTgi, naiveLmi, naiveTgi, randomParts } from './token-baselines.js';

const encoder = new TextEncoder();
const TOKENS = 200_000;
const HTTP_CHUNK = 16 * 1024;
/** `npm run bench -- tokens` runs only section (b); names: events, tokens, crc, bidi (default: all). */
const SECTION_NAMES = ['events', 'tokens', 'crc', 'bidi'];
const chosen = process.argv.slice(2).filter((arg) => SECTION_NAMES.includes(arg));
const sections = new Set(chosen.length > 0 ? chosen : SECTION_NAMES);
/** `npm run bench -- tokens tgi` parses one format only. */
const chosenKinds = (['lmi', 'tgi'] as const).filter((kind) => process.argv.includes(kind));
const kinds = chosenKinds.length > 0 ? chosenKinds : (['lmi', 'tgi'] as const);

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

/** A TGI event whose text is 14–19 characters (runs of spaces in code): texts the parser copies out of its batch. */
function tgiLongEvent(i: number): string {
  return tgiEvent(i).replace(/"text":"[^"]*"/, `"text":"${' '.repeat(14 + (i % 6))}"`);
}

function payloads(kind: 'lmi' | 'tgi' | 'tgi-long'): Uint8Array[] {
  return Array.from({ length: TOKENS }, (_, i) => encoder.encode(kind === 'lmi' ? lmiLine(i) : kind === 'tgi' ? tgiEvent(i) : tgiLongEvent(i)));
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
  if (sections.has('events')) {
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
      // Interleaved rounds; ours is fast enough to take the median of 3 runs inside each round.
      const [ours, smithy, smithyV3] = (await measureInterleaved(
        [
          async () => {
            for (let i = 0; i < 3; i++) await decodeOurs(chunks);
          },
          () => decodeSmithy(chunks),
          () => decodeSmithy(chunks, EventStreamCodecV3 as unknown as typeof EventStreamCodec),
        ],
        { rounds: 5, warmup: 1 },
      )) as [Measurement, Measurement, Measurement];
      ours.medianMs /= 3;
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
      '(a) event-stream decode, body in 16 KiB HTTP chunks (MB/s of CPU time, median of interleaved runs; target ≥ 10× codec 4.5.2 on token frames); baselines: the AWS SDK pipeline (getChunkedStream + EventStreamCodec.decode)',
      ['body', 'size', 'codec 3.1.10 (@aws-crypto/crc32, SDK 3.600)', 'codec 4.5.2 (current SDK)', '@sagestream/core', 'speed-up vs 3.1.10 / 4.5.2'],
      eventRows,
    );
  }

  // (b) token parsing from PayloadPart bytes
  if (sections.has('tokens')) {
    const tokenRows: string[][] = [];
    for (const kind of kinds) {
      const body = concatAll(payloads(kind));
      const contentType = kind === 'lmi' ? 'application/jsonlines' : 'text/event-stream';
      const ours = (input: readonly Uint8Array[]) => {
        let tokens = 0;
        const parser = createTokenParser({ contentType, onPart: (part) => (tokens += part.type === 'text-delta' ? 1 : 0) });
        for (const part of input) parser.feed(part);
        parser.end();
        return tokens;
      };
      const lineIterator = kind === 'lmi' ? baselineLmi : baselineTgi;
      const naive = kind === 'lmi' ? naiveLmi : naiveTgi;
      const limit = kind === 'lmi' ? limitLmi : limitTgi;
      // Each split with the whole body it cuts (the limit's input).
      const splits: [string, Uint8Array[], Uint8Array][] = [
        ['random 1–200 B parts', randomParts({ body, seed: 42, min: 1, max: 200 }), body],
        ['one part per token', payloads(kind), body],
        ['4 KiB parts', chunk(body, 4096), body],
      ];
      if (kind === 'tgi') {
        // Long texts take another path (a copy out of the batch): the same body with 14–19-character texts.
        const longBody = concatAll(payloads('tgi-long'));
        splits.push(['long texts, random 1–200 B', randomParts({ body: longBody, seed: 42, min: 1, max: 200 }), longBody]);
      }
      for (const [split, input, whole] of splits) {
        for (const [name, count] of [['ours', ours(input)], ['LineIterator', lineIterator(input)], ['naive', naive(input)], ['limit', limit(whole)]] as const) {
          if (count !== TOKENS) throw new Error(`${name} read ${count} of ${TOKENS} ${kind} tokens (${split})`);
        }
        const [oursTime, lineIteratorTime, naiveTime, limitTime] = await measureInterleaved([
          () => ours(input),
          () => lineIterator(input),
          () => naive(input),
          () => limit(whole),
        ]);
        const rate = (measurement: { medianMs: number }) => formatNumber(TOKENS / (measurement.medianMs / 1000));
        tokenRows.push([
          `${kind.toUpperCase()} ${split}`,
          rate(lineIteratorTime!),
          rate(naiveTime!),
          rate(limitTime!),
          rate(oursTime!),
          `${formatNumber(naiveTime!.medianMs / oursTime!.medianMs, 2)}×`,
          `${formatNumber((limitTime!.medianMs / oursTime!.medianMs) * 100)} %`,
        ]);
      }
    }
    printTable(
      `(b) token parsing, ${formatNumber(TOKENS)} tokens (tokens/s of CPU time, median of interleaved runs); targets: ≥ 1.2× naive and ≥ 80 % of the limit`,
      ['stream', 'LineIterator port', 'naive loop', 'limit', '@sagestream/core', 'vs naive', 'of limit'],
      tokenRows,
    );
  }

  // (c) CRC-32
  if (sections.has('crc')) {
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
  }

  if (sections.has('bidi')) await benchBidiSigning();
}

await main();
