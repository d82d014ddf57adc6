import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { MockConfig, MockConfigInput } from '../config/mock-config.js';
import { normalizeConfig } from '../config/normalize-config.js';
import { internalFailureError, sendServiceError, unknownOperationError } from '../service/service-errors.js';
import type { Operation } from '../service/validate-request.js';
import { createScheduler } from '../streaming/create-scheduler.js';
import { createControlPlaneHandler } from '../control-plane/create-control-plane-handler.js';
import { createSessionStore } from '../sessions/session-store.js';
import { describeEndpoints } from './describe-endpoints.js';
import { handleInvocation } from './handle-invocation.js';
import { createJournal, type Journal } from './journal.js';
import type { MockState } from './mock-state.js';
import { createRecorder } from '../record/create-recorder.js';
import { createReplayer } from '../record/create-replayer.js';
import { createGuardMiddleware } from '../security/create-guard-middleware.js';

/** Options of {@link createMockRouter}. */
export interface MockRouterOptions {
  /** Called with one line per finished request (the CLI prints them). */
  log?: (line: string) => void;
}

/** An express Router serving the mock, with its journal and a way to stop in-flight streams. */
export type MockRouter = Router & {
  readonly journal: Journal;
  readonly config: MockConfig;
  /** Shared state (journal, scheduler, in-flight set), for the HTTP/2 side on the same port. */
  readonly state: MockState;
  /** Streams and invocations in flight. */
  readonly activeCount: number;
  /** Timers waiting in the shared scheduler (0 when idle: nothing leaks). */
  readonly pendingTimers: number;
  /** Ends every in-flight stream (InternalStreamFailure) and invocation. */
  shutdown(): void;
};

const STREAM_PATH = '/endpoints/:name/invocations-response-stream';
const INVOKE_PATH = '/endpoints/:name/invocations';

/**
 * All mock routes on an express Router — the runtime operations, `GET /ping` and the `/_mock`
 * journal — without a catch-all, so it can be mounted next to other routes (the playground).
 *
 * @example
 * const app = express();
 * app.use(createMockRouter({ latencyScale: 0.2 }));
 * app.use(express.static('public'));
 */
export function createMockRouter(config: MockConfigInput | MockConfig = {}, options: MockRouterOptions = {}): MockRouter {
  const normalized = normalizeConfig(config);
  const state: MockState = {
    config: normalized,
    journal: createJournal({ maxEntries: normalized.journal.maxEntries }),
    // A throwing stream step ends its own response; it must not stop every other stream's timer.
    scheduler: createScheduler({ onError: (error) => options.log?.(`internal error in a scheduled write: ${(error as Error).stack ?? String(error)}`) }),
    sessions: createSessionStore(),
    active: new Set(),
    ...(options.log ? { log: options.log } : {}),
  };
  const recorder = normalized.record ? createRecorder({ state, record: normalized.record }) : undefined;
  const replayer = normalized.replay ? createReplayer({ state, replay: normalized.replay }) : undefined;
  // Record and replay go through the same checks as emulated endpoints; only the answer differs.
  const backend = recorder ?? replayer;
  const router = express.Router();
  // Before every route: loopback (or allowed) Host names only, no cross-origin browser requests.
  router.use(createGuardMiddleware({ allowedHosts: normalized.server.allowedHosts, coralSuffix: normalized.errors.coralSuffix, ...(options.log ? { log: options.log } : {}) }));

  const invoke = (operation: Operation) => async (request: Request, response: Response) => {
    const endpointName = String(request.params.name);
    try {
      await handleInvocation({ state, request, response, operation, endpointName, ...(backend ? { backend } : {}) });
    } catch (error) {
      state.log?.(`internal error on ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) {
        sendServiceError({ response, error: internalFailureError(), requestId: randomUUID(), coralSuffix: normalized.errors.coralSuffix });
      } else {
        response.destroy();
      }
    }
  };
  const wrongMethod = (request: Request, response: Response) => {
    sendServiceError({
      response,
      error: unknownOperationError(`${request.method} ${request.path} is not an operation of the SageMaker runtime; use POST.`),
      requestId: randomUUID(),
      coralSuffix: normalized.errors.coralSuffix,
    });
  };

  router.post(STREAM_PATH, invoke('InvokeEndpointWithResponseStream'));
  router.post(INVOKE_PATH, invoke('InvokeEndpoint'));
  router.all(STREAM_PATH, wrongMethod);
  router.all(INVOKE_PATH, wrongMethod);
  // The SageMaker control plane (AWS JSON 1.1) on the same port, for endpoint discovery.
  router.post('/', createControlPlaneHandler(state));
  router.get('/ping', (_request, response) => {
    response.json({ status: 'Healthy' });
  });
  router.get('/_mock/requests', (_request, response) => {
    response.json(state.journal.entries());
  });
  router.delete('/_mock/requests', (_request, response) => {
    state.journal.clear();
    response.status(204).end();
  });
  router.get('/_mock/endpoints', (_request, response) => {
    response.json(describeEndpoints(normalized));
  });
  // Errors of the routes above (e.g. an undecodable `%ZZ` in the path): JSON, never an HTML stack.
  router.use((error: Error & { status?: number }, request: Request, response: Response, next: NextFunction) => {
    if (!request.path.startsWith('/endpoints/') && !request.path.startsWith('/_mock/') && request.path !== '/ping') return next(error);
    state.log?.(`error on ${request.method} ${request.url.slice(0, 200)}: ${error.message}`);
    if (response.headersSent) return response.destroy();
    const status = error.status !== undefined && error.status >= 400 && error.status < 500 ? error.status : 500;
    sendServiceError({
      response,
      error: status === 500 ? internalFailureError() : { status, errorType: 'SerializationException', body: { message: error.message }, generic: true },
      requestId: randomUUID(),
      coralSuffix: normalized.errors.coralSuffix,
    });
  });

  return Object.defineProperties(router, {
    journal: { value: state.journal },
    config: { value: normalized },
    state: { value: state },
    activeCount: { get: () => state.active.size },
    pendingTimers: { get: () => state.scheduler.size },
    shutdown: {
      value: () => {
        for (const running of [...state.active]) running.shutdown();
      },
    },
  }) as MockRouter;
}
