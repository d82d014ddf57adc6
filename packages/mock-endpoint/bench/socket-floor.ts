// Baseline for the pacing figures: how many small writes per second this machine's loopback TCP
// takes at all, with no HTTP and no mock — one process writing, another reading.
import { createServer, type Socket } from 'node:net';

const sockets: Socket[] = [];
const server = createServer((socket) => {
  socket.setNoDelay(true);
  sockets.push(socket);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message) => {
  if (message !== 'start') return;
  const chunk = Buffer.alloc(240, 0x61);
  let writes = 0;
  const start = performance.now();
  const loop = (): void => {
    for (const socket of sockets) {
      socket.write(chunk);
      writes++;
    }
    if (performance.now() - start < 1000) setImmediate(loop);
    else process.send?.({ writesPerSecond: (writes / (performance.now() - start)) * 1000 }, () => process.exit(0));
  };
  loop();
});
