import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_STREAM_CONTENT_TYPE, encodeInternalStreamFailure, encodeModelStreamError } from '@sagestream/core';
import { encodePayloadPart } from '@sagestream/core';
import { parseMockAttributes } from '../faults/mock-attributes.js';
import { sendServiceError, validationError } from '../service/service-errors.js';
import { MAX_BODY_BYTES, type Operation } from '../service/validate-request.js';
import type { ScheduledTask } from '../streaming/create-scheduler.js';
import { createEntry } from '../server/create-entry.js';
import { recordEntry } from '../server/handle-invocation.js';
import type { MockState } from '../server/mock-state.js';
import { readBody } from '../server/read-body.js';
import { bodyDigest, findCassette, type Cassette } from './cassette.js';

/** Serves recorded cassettes. */
export interface Replayer {
  handle(options: { request: IncomingMessage; response: ServerResponse; operation: Operation; endpointName: string }): Promise<void>;
}

/** The frame that ends a replayed stream, or null for a clean end. */
function endFrame(cassette: Cassette): Uint8Array | null {
  const end = cassette.end;
  if (end?.type === 'model-stream-error') return encodeModelStreamError({ errorCode: end.errorCode, message: end.message });
  if (end?.type === 'internal-stream-failure') return encodeInternalStreamFailure({ message: end.message });
  return null;
}

/**
 * Replay mode: answers each invocation from the cassette recorded for the same endpoint,
 * operation and body (else the endpoint's latest one), with the original PayloadPart
 * boundaries and timing scaled by the latency scale.
 */
export function createReplayer(options: { state: MockState; dir: string }): Replayer {
  const { state, dir } = options;
  const { config } = state;
  return {
    async handle({ request, response, operation, endpointName }) {
      const requestId = randomUUID();
      const startedAt = performance.now();
      const entry = createEntry({ requestId, operation, endpointName, request });
      const { bytes: body } = await readBody({ request, limit: MAX_BODY_BYTES });
      entry.body = Buffer.from(body.subarray(0, config.journal.maxBodyBytes)).toString('utf8');
      const found = await findCassette({ dir, endpoint: endpointName, operation, digest: bodyDigest(body) });
      const attributes = parseMockAttributes(request.headers['x-amzn-sagemaker-custom-attributes'] as string | undefined);
      if (!found || !attributes.ok) {
        const error = validationError(attributes.ok ? `Endpoint ${endpointName} of account ${config.accountId} not found.` : attributes.message);
        sendServiceError({ response, error, requestId, coralSuffix: config.errors.coralSuffix });
        entry.status = 400;
        entry.detail = found ? String(error.body.Message) : `no cassette for ${endpointName} in ${dir}`;
        return recordEntry(state, { entry, startedAt });
      }
      const { cassette } = found;
      entry.detail = `replayed ${found.exact ? 'exact' : 'nearest'} cassette of ${cassette.recordedAt}`;
      const scale = attributes.attributes.latencyScale ?? config.latencyScale;
      const tasks = new Set<ScheduledTask>();
      let settle!: (wentAway: boolean) => void;
      const done = new Promise<boolean>((resolve) => (settle = resolve));
      const at = (ms: number, callback: () => void) => {
        const task = state.scheduler.schedule({
          at: startedAt + ms * scale,
          callback: () => {
            tasks.delete(task);
            callback();
          },
        });
        tasks.add(task);
      };
      const stop = (wentAway: boolean) => {
        for (const task of tasks) task.cancel();
        tasks.clear();
        response.off('close', onClose);
        settle(wentAway);
      };
      const onClose = () => stop(true);
      const running = {
        shutdown: () => {
          if (!response.writableEnded && response.headersSent) response.end(encodeInternalStreamFailure({ message: 'The mock endpoint is shutting down.' }));
          stop(false);
        },
      };
      response.on('close', onClose);
      state.active.add(running);

      const { status, headers } = cassette.response;
      const recordedBody = cassette.response.body === undefined ? Buffer.alloc(0) : Buffer.from(cassette.response.body, 'base64');
      if (status !== 200) {
        at(cassette.response.atMs ?? 0, () => {
          const errorType = headers['x-amzn-ErrorType'] ?? 'InternalFailure';
          sendServiceError({ response, error: { status, errorType, body: JSON.parse(recordedBody.toString('utf8') || '{}') as Record<string, unknown> }, requestId, coralSuffix: config.errors.coralSuffix });
          entry.status = status;
          entry.outcome = 'completed';
          stop(false);
        });
      } else if (operation === 'InvokeEndpoint') {
        at(cassette.response.atMs ?? 0, () => {
          response.writeHead(200, { 'x-amzn-RequestId': requestId, ...headers, 'Content-Length': String(recordedBody.length) });
          response.end(recordedBody);
          entry.status = 200;
          entry.bytesSent = recordedBody.length;
          entry.outcome = 'completed';
          stop(false);
        });
      } else {
        response.writeHead(200, { 'x-amzn-RequestId': requestId, ...headers, 'Content-Type': EVENT_STREAM_CONTENT_TYPE });
        response.flushHeaders();
        entry.status = 200;
        for (const part of cassette.parts ?? []) {
          at(part.atMs, () => {
            const bytes = Buffer.from(part.bytes, 'base64');
            const frame = encodePayloadPart(bytes);
            entry.partsSent++;
            entry.payloadBytes += bytes.length;
            entry.bytesSent += frame.length;
            response.write(frame);
          });
        }
        const last = cassette.parts?.[cassette.parts.length - 1]?.atMs ?? 0;
        at(Math.max(last, cassette.end?.atMs ?? last), () => {
          if (cassette.end?.type === 'disconnected') {
            entry.outcome = 'error';
            response.destroy();
          } else {
            const frame = endFrame(cassette);
            if (frame) entry.bytesSent += frame.length;
            entry.outcome = frame ? 'error' : 'completed';
            response.end(frame ?? undefined);
          }
          stop(false);
        });
      }
      const wentAway = await done;
      state.active.delete(running);
      if (wentAway) {
        entry.clientWentAway = true;
        entry.outcome = 'client-disconnected';
      }
      recordEntry(state, { entry, startedAt });
    },
  };
}
