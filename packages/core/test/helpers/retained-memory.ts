/**
 * Run as `node --expose-gc --import tsx retained-memory.ts <jsonlines|sse>`: feeds a ~1 MiB line
 * one byte per chunk (each chunk its own small array, as PayloadParts are) and prints, as JSON, the
 * memory still held after a full GC while the line is pending, and the length of the line that came
 * out at the end. Used by a test in its own process so that nothing else shares the heap.
 */
import { createLineDecoder } from '../../src/framing/line-decoder.js';
import { createSseDecoder } from '../../src/framing/sse-decoder.js';

const LINE_BYTES = 1024 * 1024 - 64;
const kind = process.argv[2] === 'sse' ? 'sse' : 'jsonlines';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

let received = -1;
const decoder =
  kind === 'sse'
    ? createSseDecoder({ onEvent: (event) => (received = event.data.length) })
    : createLineDecoder({ onLine: (line) => (received = line.length) });
const held = (): number => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

for (const byte of new TextEncoder().encode(kind === 'sse' ? 'data: ' : '')) decoder.feed(Uint8Array.of(byte));
const before = held();
for (let i = 0; i < LINE_BYTES; i++) decoder.feed(Uint8Array.of(0x61));
const retainedBytes = held() - before;
decoder.feed(new TextEncoder().encode('\n\n'));
decoder.end();
process.stdout.write(JSON.stringify({ retainedBytes, lineBytes: LINE_BYTES, received }));
