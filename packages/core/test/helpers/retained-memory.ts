/**
 * Run as `node --expose-gc --import tsx retained-memory.ts <jsonlines|sse|token-texts>`.
 *
 * `token-texts`: parses 20,000 TGI token records (20-character texts, every other one with an escape,
 * each record padded to ~1 KB
 * with JSON whitespace) in 64 KiB parts, keeps every text-delta's text, and prints the memory those
 * texts hold after a full GC next to the bytes of the records: a text must be a copy, not a view
 * that keeps its record's decoded batch alive.
 *
 * `jsonlines` / `sse`: feeds a ~1 MiB line
 * one byte per chunk (each chunk its own small array, as PayloadParts are) and prints, as JSON, the
 * memory still held after a full GC while the line is pending, and the length of the line that came
 * out at the end. Used by a test in its own process so that nothing else shares the heap.
 */
import { createTokenParser } from '../../src/formats/create-token-parser.js';
import { createLineDecoder } from '../../src/framing/line-decoder.js';
import { createSseDecoder } from '../../src/framing/sse-decoder.js';

const LINE_BYTES = 1024 * 1024 - 64;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heldBytes = (): number => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

if (process.argv[2] === 'token-texts') {
  const TOKENS = 20_000;
  const padding = ' '.repeat(900);
  const record = (i: number): string => `data:{"index":${i + 1},"token":{"id":${i},"text":"${i % 2 === 0 ? '' : '\\n'}${String(i).padStart(20, '_')}","logprob":-0.5,"special":false},"generated_text":null,"details":null${padding}}\n\n`;
  const body = new TextEncoder().encode(Array.from({ length: TOKENS }, (_, i) => record(i)).join(''));
  const texts: string[] = [];
  const parser = createTokenParser({ contentType: 'text/event-stream', onPart: (part) => part.type === 'text-delta' && texts.push(part.text) });
  for (let offset = 0; offset < body.length; offset += 65536) parser.feed(body.subarray(offset, offset + 65536));
  parser.end();
  // What the kept texts hold: the heap with them, less the heap once they are dropped.
  const withTexts = heldBytes();
  const count = texts.length;
  const textChars = texts.reduce((sum, text) => sum + text.length, 0);
  texts.length = 0;
  const retainedBytes = withTexts - heldBytes();
  process.stdout.write(JSON.stringify({ retainedBytes, recordBytes: body.length, textChars, texts: count }));
  process.exit(0);
}

const kind = process.argv[2] === 'sse' ? 'sse' : 'jsonlines';

let received = -1;
const decoder =
  kind === 'sse'
    ? createSseDecoder({ onEvent: (event) => (received = event.data.length) })
    : createLineDecoder({ onLine: (line) => (received = line.length) });
const held = heldBytes;

for (const byte of new TextEncoder().encode(kind === 'sse' ? 'data: ' : '')) decoder.feed(Uint8Array.of(byte));
const before = held();
for (let i = 0; i < LINE_BYTES; i++) decoder.feed(Uint8Array.of(0x61));
const retainedBytes = held() - before;
decoder.feed(new TextEncoder().encode('\n\n'));
decoder.end();
process.stdout.write(JSON.stringify({ retainedBytes, lineBytes: LINE_BYTES, received }));
