import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { MockConfig, MockConfigInput } from '../config/mock-config.js';
import { internalFailureError, sendServiceError, unknownOperationError } from '../service/service-errors.js';
import { createMockRouter, type MockRouter, type MockRouterOptions } from './create-mock-router.js';

/** An express app serving the mock; `mock` is its router (journal, shutdown). */
export type MockApp = Express & { readonly mock: MockRouter };

/**
 * Builds the mock as an express app without listening: the mock routes, then a JSON 404 for
 * unknown paths and a JSON 500 for unexpected errors (AWS error shapes).
 *
 * @example
 * const app = createApp({ latencyScale: 0 });
 * http.createServer(app).listen(0);
 */
export function createApp(config: MockConfigInput | MockConfig = {}, options: MockRouterOptions = {}): MockApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const router = createMockRouter(config, options);
  app.use(router);
  const coralSuffix = router.config.errors.coralSuffix;
  app.use((request: Request, response: Response) => {
    sendServiceError({ response, error: unknownOperationError(`No route for ${request.method} ${request.path}.`), requestId: randomUUID(), coralSuffix });
  });
  app.use((error: Error, _request: Request, response: Response, _next: NextFunction) => {
    options.log?.(`internal error: ${error.stack ?? error.message}`);
    if (response.headersSent) return response.destroy();
    const status = (error as { status?: number }).status;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendServiceError({ response, error: { status, errorType: 'SerializationException', body: { message: error.message }, generic: true }, requestId: randomUUID(), coralSuffix });
    }
    sendServiceError({ response, error: internalFailureError(), requestId: randomUUID(), coralSuffix });
  });
  return Object.defineProperty(app, 'mock', { value: router }) as MockApp;
}
