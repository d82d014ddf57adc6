import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The replayed servers: each fixture is a real-shaped `/v1/chat/completions` SSE answer. */
export const UPSTREAMS = ['vllm', 'llama-cpp', 'ollama'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];
/** The text every fixture streams. */
export const UPSTREAM_TEXT = 'Hello! Streaming works: café, 日本語 and 🚀.';

/** A request the upstream received. */
export interface UpstreamRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A loopback OpenAI-compatible server replaying the fixtures of `__fixtures__/openai-sse/`: the
 * request's `model` picks the fixture (`vllm`, `llama-cpp`, `ollama`); `error-500` answers 500.
 * The SSE body is written in small pieces, as a real server flushes.
 */
export async function startOpenAiUpstream(): Promise<{ url: string; requests: UpstreamRequest[]; close(): Promise<void> }> {
  const requests: UpstreamRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      requests.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      if (body.model === 'error-500') {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"CUDA out of memory","type":"server_error"}}');
        return;
      }
      const name = (UPSTREAMS as readonly string[]).includes(String(body.model)) ? String(body.model) : 'vllm';
      const sse = readFileSync(new URL(`../__fixtures__/openai-sse/${name}.sse`, import.meta.url));
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let offset = 0;
      const step = (): void => {
        if (offset >= sse.length) return void response.end();
        response.write(sse.subarray(offset, offset + 97));
        offset += 97;
        setImmediate(step);
      };
      step();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
