import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  bindHostNames,
  createGuardMiddleware,
  createMockRouter,
  handleClientErrors,
  httpServerOptions,
  normalizeConfig,
  type MockConfig,
  type MockConfigInput,
  type MockRouter,
} from '@sagestream/mock-endpoint';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { renderChatPage } from '../shared/chat-page-html.js';
import { playgroundContentSecurityPolicy } from '../shared/content-security-policy.js';

/** Options of {@link createPlaygroundApp}. */
export interface PlaygroundAppOptions {
  /** The mock's configuration (default: its built-in endpoints with realistic latency). */
  mockConfig?: MockConfigInput | MockConfig;
  /** The built browser assets: `playground.js`, `main.css`, `playground.css`. */
  assetsDir: string;
  /** One line per finished mock request. */
  log?: (line: string) => void;
}

/**
 * One express app for the whole playground: the mock's SageMaker routes (so the page, the AWS SDKs
 * and the CLI all use the same port), the chat page at `/` and its assets under `/assets/`.
 */
export function createPlaygroundApp(options: PlaygroundAppOptions): { app: Express; router: MockRouter } {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const router = createMockRouter(options.mockConfig ?? {}, options.log ? { log: options.log } : {});
  // Before every route, the page included: loopback (or allowed) Host names only, and no
  // cross-origin browser requests. The page's own fetches are same-origin and pass.
  app.use(createGuardMiddleware({ allowedHosts: router.config.server.allowedHosts, ...(options.log ? { log: options.log } : {}) }));
  app.use(router);
  app.get('/', (_request, response) => {
    const nonce = randomBytes(18).toString('base64');
    const contentSecurityPolicy = playgroundContentSecurityPolicy({ nonce });
    response.set({
      'Content-Security-Policy': `${contentSecurityPolicy}; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    response.type('html').send(
      renderChatPage({
        title: 'SageStream playground',
        nonce,
        contentSecurityPolicy,
        scriptUrl: '/assets/playground.js',
        styleUrls: ['/assets/main.css', '/assets/playground.css'],
        bodyClass: 'playground',
      }),
    );
  });
  app.use('/assets', express.static(options.assetsDir, { index: false, maxAge: 0, setHeaders: (response) => response.set('X-Content-Type-Options', 'nosniff') }));
  app.use((request, response) => {
    response.status(404).json({ message: `No route for ${request.method} ${request.path}. The chat is at /, the mock's API under /endpoints/.` });
  });
  // JSON without a stack or file paths (express's default page shows both outside production).
  app.use((error: Error & { status?: number }, _request: Request, response: Response, _next: NextFunction) => {
    options.log?.(`playground error: ${error.message}`);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const status = error.status !== undefined && error.status >= 400 && error.status < 500 ? error.status : 500;
    response.status(status).json({ message: status === 500 ? 'Internal error; see the playground log.' : error.message });
  });
  return { app, router };
}

/** Options of {@link startPlaygroundServer}. */
export interface PlaygroundServerOptions extends PlaygroundAppOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: not exposed to the network unless asked. */
  host?: string;
}

/** A listening playground. */
export interface PlaygroundServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  server: Server;
  /** Ends in-flight streams, closes every connection and frees the port. */
  close(): Promise<void>;
}

/**
 * Starts the playground: the chat page and the mock on one port.
 *
 * @example
 * const playground = await startPlaygroundServer({ port: 0, assetsDir: 'dist/playground/assets' });
 * console.log(`${playground.url}/`);
 */
export async function startPlaygroundServer(options: PlaygroundServerOptions): Promise<PlaygroundServer> {
  const host = options.host ?? '127.0.0.1';
  const mockConfig = normalizeConfig(options.mockConfig ?? {});
  // The name the server is bound to is one of its own (a wildcard bind adds the interface addresses).
  mockConfig.server.allowedHosts = [...mockConfig.server.allowedHosts, ...bindHostNames(host)];
  const { app, router } = createPlaygroundApp({ ...options, mockConfig });
  // The mock's header/body timeouts and JSON answers to malformed requests.
  const server = createServer(httpServerOptions(mockConfig.server), app);
  handleClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        router.shutdown();
        server.close((error) => (error ? reject(error) : resolve()));
        // Finished responses may still hold keep-alive sockets.
        setImmediate(() => server.closeAllConnections());
      });
      return closing;
    },
  };
}
