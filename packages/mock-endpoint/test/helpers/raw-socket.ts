import { connect } from 'node:net';

/** A response read straight off the socket, with its HTTP/1.1 chunks intact. */
export interface SocketResponse {
  statusLine: string;
  /** Header lines as sent (name casing preserved). */
  headerLines: string[];
  /** The chunk payloads of a chunked body, in order. */
  chunks: Buffer[];
  /** True when the terminal `0\r\n\r\n` chunk arrived. */
  terminated: boolean;
  /** How the socket ended: `end` (FIN) or the error code (e.g. ECONNRESET). */
  closedBy: string;
}

/** Sends a raw HTTP/1.1 request (Connection: close) and parses the chunked response by hand. */
export function socketRequest(options: { url: string; path: string; headers?: Record<string, string>; body?: string }): Promise<SocketResponse> {
  const { hostname, port } = new URL(options.url);
  const body = Buffer.from(options.body ?? '');
  const headers = { Host: `${hostname}:${port}`, Connection: 'close', 'Content-Length': String(body.length), ...options.headers };
  const head = `POST ${options.path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    // No half-close: the server must be the one to end (or reset) the connection.
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(head), body])));
    let closedBy = 'end';
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', (error: NodeJS.ErrnoException) => (closedBy = error.code ?? error.message));
    socket.on('close', () => resolve(parse(Buffer.concat(received), closedBy)));
  });
}

function parse(raw: Buffer, closedBy: string): SocketResponse {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const chunks: Buffer[] = [];
  let offset = headerEnd + 4;
  let terminated = false;
  const chunked = headerLines.some((line) => /^transfer-encoding:\s*chunked$/i.test(line));
  if (!chunked) return { statusLine, headerLines, chunks: [raw.subarray(offset)], terminated: true, closedBy };
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      terminated = raw.subarray(lineEnd, lineEnd + 4).toString('latin1') === '\r\n\r\n';
      break;
    }
    if (lineEnd + 2 + size > raw.length) break;
    chunks.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return { statusLine, headerLines, chunks, terminated, closedBy };
}
