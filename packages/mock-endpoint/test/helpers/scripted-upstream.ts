import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a scripted upstream answers, picked by the request's `model`:
 * `held` — three deltas, then the last one only once the test calls the request's `release()`;
 * `length` — stops on `max_tokens` (`finish_reason: "length"` on the last content chunk);
 * `broken` — two deltas, then the connection drops; `error-event` — two deltas, then an in-band
 * `{"error": …}` event; `empty-then-broken` — 200 and headers, then the connection drops before
 * any delta; `endless` — two deltas, then nothing until the request is closed; `crlf-pieces` —
 * deltas cut inside words and whitespace-only ones, CRLF line ends, each event written in two pieces.
 */
export const SCRIPTS = ['held', 'length', 'broken', 'error-event', 'empty-then-broken', 'endless', 'crlf-pieces'] as const;
export type Script = (typeof SCRIPTS)[number];

/** The text of `held`, once released. */
export const HELD_TEXT = 'Hello there, world!';
/** The deltas of `crlf-pieces`. */
export const PIECES = ['Str', 'eam', 'ing ', ' ', '\n\n', 'ok', ' 日本', '語'];

/** The text of `length`. */
export const LENGTH_TEXT = 'One two three';

/** A request the scripted upstream received. */
export interface ScriptedRequest {
  script: Script;
  /** True once the upstream is about to write its last delta. */
  finished: boolean;
  /** Settles when the upstream's side of the request closes (finished or cancelled by the mock). */
  closed: Promise<void>;
  /** True when the connection closed before the upstream finished writing. */
  cancelled: boolean;
  /** Lets `held` send its last delta (now, or as soon as it gets there). */
  release(): void;
}

function chunk(content: string | null, finishReason: string | null = null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1718035200, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

/** A loopback OpenAI-compatible server that streams scripted deltas with pauses the test controls. */
export async function startScriptedUpstream(): Promise<{ url: string; requests: ScriptedRequest[]; close(): Promise<void> }> {
  const requests: ScriptedRequest[] = [];
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function play(script: Script, response: ServerResponse, record: ScriptedRequest, released: Promise<void>): Promise<void> {
    const send = async (text: string) => {
      if (!response.destroyed) response.write(text);
      await tick();
    };
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    switch (script) {
      case 'held':
        for (const piece of ['Hello', ' there', ', world']) await send(chunk(piece));
        await released;
        record.finished = true;
        await send(chunk('!'));
        await send(chunk(null, 'stop') + 'data: [DONE]\n\n');
        break;
      case 'length':
        await send(chunk('One'));
        await send(chunk(' two'));
        record.finished = true;
        await send(chunk(' three', 'length'));
        await send('data: [DONE]\n\n');
        break;
      case 'broken':
        await send(chunk('Half'));
        await send(chunk(' an'));
        response.destroy();
        return;
      case 'error-event':
        await send(chunk('Half'));
        await send(chunk(' an'));
        await send(`data: ${JSON.stringify({ error: { message: 'CUDA error: device-side assert triggered', type: 'InternalServerError', code: 500 } })}\n\n`);
        break;
      case 'empty-then-broken':
        response.flushHeaders();
        await tick();
        response.destroy();
        return;
      case 'crlf-pieces':
        for (const piece of PIECES) {
          const event = chunk(piece).replace(/\n/g, '\r\n');
          await send(event.slice(0, 20));
          await send(event.slice(20));
        }
        record.finished = true;
        await send(chunk(null, 'stop').replace(/\n/g, '\r\n') + 'data: [DONE]\r\n\r\n');
        break;
      case 'endless':
        await send(chunk('Forever'));
        await send(chunk(' and'));
        return; // never ends: the mock must cancel it
    }
    response.end();
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (data: Buffer) => chunks.push(data));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: string };
      const script = (SCRIPTS as readonly string[]).includes(String(body.model)) ? (body.model as Script) : 'held';
      let resolveClosed!: () => void;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const record: ScriptedRequest = { script, finished: false, closed: new Promise<void>((resolve) => (resolveClosed = resolve)), cancelled: false, release };
      response.on('close', () => {
        record.cancelled = !response.writableFinished;
        resolveClosed();
      });
      requests.push(record);
      void play(script, response, record, released);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const request of requests) request.release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
