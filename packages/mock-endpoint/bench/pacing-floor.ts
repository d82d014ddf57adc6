// Baseline for the pacing figures: the same client, the same scheduler and the same frames, but
// no mock — a bare TCP server that answers every request with pre-encoded PayloadPart chunks
// paced every 20 ms. What it measures is the machine's (and the load generator's) floor.
import { createServer, type Socket } from 'node:net';
import { createScheduler } from '../src/streaming/create-scheduler.js';
import { encodePayloadPartChunk } from '../src/streaming/encode-payload-part.js';
import { watchProcessLoad } from './process-load.js';
import { watchWriteGaps } from './write-gaps.js';

const interval = 20;
const HEAD = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n', 'latin1');
const END = Buffer.from('0\r\n\r\n', 'latin1');
// A TGI generate_stream event of the usual size.
const event = (index: number) =>
  new TextEncoder().encode(`data:{"token":{"id":${1000 + index},"text":" word","logprob":-0.10015869,"special":false},"generated_text":null,"details":null}\n\n`);
const scheduler = createScheduler();

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  let received = '';
  const onData = (data: Buffer): void => {
    received += data.toString('latin1');
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd === -1) return;
    const length = Number(/content-length: *(\d+)/i.exec(received)?.[1] ?? '0');
    if (received.length < headEnd + 4 + length) return;
    socket.off('data', onData);
    // As many frames as the TGI request asks for (`max_new_tokens`).
    const tokens = Number(/"max_new_tokens":(\d+)/.exec(received)?.[1] ?? '100');
    socket.write(HEAD);
    const start = performance.now();
    let sent = 0;
    const next = (): void => {
      if (socket.destroyed) return;
      socket.write(encodePayloadPartChunk(event(sent)));
      if (++sent === tokens) socket.end(END);
      else scheduler.schedule({ at: start + (sent + 1) * interval, callback: next });
    };
    scheduler.schedule({ at: start + interval, callback: next });
  };
  socket.on('data', onData);
  socket.on('error', () => undefined);
}

const server = createServer(serve);
const load = watchProcessLoad();
const writeGaps = watchWriteGaps(Number(process.env.BENCH_WRITE_GAPS_MS ?? interval));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
});
process.on('message', (message) => {
  if (message === 'reset') {
    load.reset();
    writeGaps.reset();
  } else if (message === 'stop') {
    server.close();
    const gaps = writeGaps.report();
    process.send?.({ report: { ...load.report(), writeGapP99Ms: gaps.p99Ms, writeGapSteadyP99Ms: gaps.steadyP99Ms } }, () => process.exit(0));
  }
});
