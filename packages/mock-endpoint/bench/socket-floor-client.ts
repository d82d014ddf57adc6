import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Runs socket-floor.ts in a child process and reads from `connections` sockets; returns writes/s. */
export async function measureSocketFloor(connections: number): Promise<number> {
  const child = fork(fileURLToPath(new URL('./socket-floor.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
  const sockets = await Promise.all(
    Array.from({ length: connections }, () => new Promise<ReturnType<typeof connect>>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
    })),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const result = new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { writesPerSecond: number }).writesPerSecond)));
  child.send('start');
  const writesPerSecond = await result;
  for (const socket of sockets) socket.destroy();
  return writesPerSecond;
}
