import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { verifySigV4 } from '../auth/verify-sigv4.js';
import type { MockState } from '../server/mock-state.js';
import { readBody } from '../server/read-body.js';
import { ControlPlaneFailure, type ControlPlaneError } from './control-plane-errors.js';
import { CONTROL_PLANE_OPERATIONS } from './control-plane-operations.js';

/** `X-Amz-Target` prefix of the SageMaker control plane (AWS JSON 1.1, service `SageMaker`). */
const TARGET_PREFIX = 'SageMaker.';
const JSON_11 = 'application/x-amz-json-1.1';
/** Control-plane requests are small JSON documents; anything larger is refused unread. */
export const MAX_CONTROL_PLANE_BODY_BYTES = 64 * 1024;

function send(response: Response, status: number, body: unknown, requestId: string, errorType?: string): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'x-amzn-RequestId': requestId,
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    'Content-Type': JSON_11,
    'Content-Length': String(bytes.length),
  });
  response.end(bytes);
}

function sendError(response: Response, error: ControlPlaneError, requestId: string): void {
  // AWS JSON 1.1: the type in `__type` (and the header); the SDKs read either.
  send(response, error.status, { __type: error.type, message: error.message }, requestId, error.type);
}

/**
 * `POST /` with `X-Amz-Target: SageMaker.<Operation>`: the part of the SageMaker control plane
 * that endpoint discovery reads (ListEndpoints, DescribeEndpoint, DescribeEndpointConfig,
 * DescribeModel, ListInferenceComponents, DescribeInferenceComponent), answered from the mock's
 * configuration. Served on the runtime's port, behind the same router.
 */
export function createControlPlaneHandler(state: MockState) {
  return async (request: Request, response: Response): Promise<void> => {
    const requestId = randomUUID();
    const startedAt = performance.now();
    const target = request.header('x-amz-target') ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const log = (status: number): void => state.log?.(`${status} ${operation || target || '(no X-Amz-Target)'} (control plane) ${Math.round(performance.now() - startedAt)} ms`);
    let body: Uint8Array;
    try {
      const read = await readBody({ request, limit: MAX_CONTROL_PLANE_BODY_BYTES });
      if (read.size > MAX_CONTROL_PLANE_BODY_BYTES) {
        response.setHeader('Connection', 'close');
        sendError(response, { status: 413, type: 'SerializationException', message: `The request body is ${read.size} bytes; the limit is ${MAX_CONTROL_PLANE_BODY_BYTES}.` }, requestId);
        return log(413);
      }
      body = read.bytes;
    } catch {
      return; // the client went away
    }
    if (state.config.auth.mode === 'sigv4') {
      const denied = await verifySigV4({ request, body, auth: state.config.auth });
      if (denied) {
        sendError(response, { status: denied.status, type: denied.errorType, message: String(denied.body.message ?? denied.body.Message ?? denied.errorType) }, requestId);
        return log(denied.status);
      }
    }
    const handler = Object.hasOwn(CONTROL_PLANE_OPERATIONS, operation) ? CONTROL_PLANE_OPERATIONS[operation] : undefined;
    if (!handler) {
      const known = Object.keys(CONTROL_PLANE_OPERATIONS).join(', ');
      sendError(response, { status: 400, type: 'UnknownOperationException', message: `${target ? `Operation ${target} is` : 'A request without X-Amz-Target is'} not served by the mock's control plane (it answers ${known}).` }, requestId);
      return log(400);
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      sendError(response, { status: 400, type: 'SerializationException', message: `The request body is not valid JSON: ${(error as Error).message}` }, requestId);
      return log(400);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      sendError(response, { status: 400, type: 'SerializationException', message: 'The request body must be a JSON object.' }, requestId);
      return log(400);
    }
    try {
      send(response, 200, handler(state.config, input as Record<string, unknown>), requestId);
      log(200);
    } catch (error) {
      if (!(error instanceof ControlPlaneFailure)) throw error;
      sendError(response, error.error, requestId);
      log(error.error.status);
    }
  };
}
