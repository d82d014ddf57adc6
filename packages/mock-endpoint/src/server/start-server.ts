import { createServer, type Server } from 'node:http';
import type { MockConfig, MockConfigInput } from '../config/mock-config.js';
import { normalizeConfig } from '../config/normalize-config.js';
import { attachHttp2Sniffer, createBidiServer, type BidiServer } from '../bidi/create-bidi-server.js';
import { bindHostNames } from '../security/bind-host-names.js';
import { createApp, type MockApp } from './create-app.js';
import { handleClientErrors, httpServerOptions } from './harden-http-server.js';
import type { Journal } from './journal.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the mock is not exposed to the network unless asked. */
  host?: string;
  config?: MockConfigInput | MockConfig;
  /** Called with one line per finished request. */
  log?: (line: string) => void;
}

/** A listening mock. */
export interface MockServer {
  /** `http://127.0.0.1:PORT` — pass it as the SDK `endpoint` or AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME. */
  url: string;
  port: number;
  journal: Journal;
  app: MockApp;
  server: Server;
  /** The HTTP/2 side (InvokeEndpointWithBidirectionalStream), on the same port as `server`. */
  bidi: BidiServer;
  /** Ends in-flight streams, closes every connection and frees the port. */
  close(): Promise<void>;
}

/**
 * Starts the mock on a port (0 = a free one) of 127.0.0.1.
 *
 * @example
 * const mock = await startServer({ port: 0, config: { latencyScale: 0 } });
 * const client = new SageMakerRuntimeClient({ endpoint: mock.url, region: 'us-east-1', credentials });
 * // …
 * await mock.close();
 */
export async function startServer(options: StartServerOptions = {}): Promise<MockServer> {
  const config = normalizeConfig(options.config);
  const host = options.host ?? '127.0.0.1';
  // The name the server is bound to is one of its own (a wildcard bind adds the interface addresses).
  config.server.allowedHosts = [...config.server.allowedHosts, ...bindHostNames(host)];
  const app = createApp(config, options.log ? { log: options.log } : {});
  const server = createServer(httpServerOptions(config.server), app);
  handleClientErrors(server);
  // One port for both protocols: h2c connections (HTTP/2 preface) go to the bidi server.
  const bidi = createBidiServer({ state: app.mock.state });
  const sniffer = attachHttp2Sniffer({ server, http2: bidi.http2, sniffWaitMs: Math.min(2000, config.server.headersTimeoutMs) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    journal: app.mock.journal,
    app,
    server,
    bidi,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        app.mock.shutdown();
        const bidiClosed = bidi.close();
        server.close((error) => (error ? reject(error) : bidiClosed.then(() => resolve())));
        // Ended responses may still sit in keep-alive sockets: close them all.
        setImmediate(() => {
          server.closeAllConnections();
          sniffer.destroyPending();
        });
      });
      return closing;
    },
  };
}
