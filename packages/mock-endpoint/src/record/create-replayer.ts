import { EVENT_STREAM_CONTENT_TYPE, encodeInternalStreamFailure, encodeModelStreamError, encodePayloadPart } from '@sagestream/core';
import type { ReplayConfig } from '../config/mock-config.js';
import { DEFAULT_MAX_CASSETTE_BYTES } from '../config/limits.js';
import { parseMockAttributes } from '../faults/mock-attributes.js';
import { internalFailureError, sendServiceError, validationError } from '../service/service-errors.js';
import type { ScheduledTask } from '../streaming/create-scheduler.js';
import { bodyDigest, type Cassette } from './cassette.js';
import { createCassetteStore } from './create-cassette-store.js';
import type { BackendContext, InvocationBackend } from './invocation-backend.js';

/** Serves recorded cassettes. */
export type Replayer = InvocationBackend;

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
 * boundaries and timing scaled by the latency scale. Cassettes are checked when loaded; a failure
 * while one is served ends that response only.
 */
export function createReplayer(options: { state: BackendContext; replay: ReplayConfig | { dir: string } }): Replayer {
  const { state } = options;
  const { config } = state;
  const { dir } = options.replay;
  const store = createCassetteStore({ dir, maxCassetteBytes: 'maxCassetteBytes' in options.replay ? options.replay.maxCassetteBytes : DEFAULT_MAX_CASSETTE_BYTES });
  return {
    async handle({ request, response, operation, endpointName, body, requestId, startedAt, stats: entry }) {
      const header = request.headers['x-amzn-sagemaker-custom-attributes'];
      const attributes = parseMockAttributes(Array.isArray(header) ? header.join(';') : header);
      if (!attributes.ok) {
        sendServiceError({ response, error: validationError(attributes.message), requestId, coralSuffix: config.errors.coralSuffix });
        entry.status = 400;
        entry.detail = attributes.message;
        return;
      }
      let found;
      try {
        found = await store.find({ endpoint: endpointName, operation, digest: bodyDigest(body) });
      } catch (error) {
        const message = (error as Error).message;
        state.log?.(`replay: ${message}`);
        sendServiceError({ response, error: internalFailureError(`Replay: ${message}`), requestId, coralSuffix: config.errors.coralSuffix });
        entry.status = 500;
        entry.detail = message;
        return;
      }
      if (!found) {
        const error = validationError(`Endpoint ${endpointName} of account ${config.accountId} not found.`);
        sendServiceError({ response, error, requestId, coralSuffix: config.errors.coralSuffix });
        entry.status = 400;
        entry.detail = `no cassette for ${endpointName} in ${dir}`;
        return;
      }
      const { cassette } = found;
      entry.detail = `replayed ${found.exact ? 'exact' : 'nearest'} cassette ${found.file} of ${cassette.recordedAt}`;
      const scale = attributes.attributes.latencyScale ?? config.latencyScale;
      const tasks = new Set<ScheduledTask>();
      let settle!: (wentAway: boolean) => void;
      const done = new Promise<boolean>((resolve) => (settle = resolve));
      let stopped = false;
      const stop = (wentAway: boolean): void => {
        stopped = true;
        for (const task of tasks) task.cancel();
        tasks.clear();
        response.off('close', onClose);
        settle(wentAway);
      };
      // One bad step ends this response, never the process (the scheduler serves every stream).
      const fault = (error: unknown): void => {
        state.log?.(`replay of ${found.file} failed: ${(error as Error).message}`);
        entry.outcome = 'error';
        entry.detail = `replay failed: ${(error as Error).message}`;
        if (!response.headersSent) {
          try {
            sendServiceError({ response, error: internalFailureError('Replay failed; see the mock log.'), requestId, coralSuffix: config.errors.coralSuffix });
            entry.status = 500;
          } catch {
            response.destroy();
          }
        } else {
          response.destroy();
        }
        stop(false);
      };
      const guard = (callback: () => void): void => {
        try {
          callback();
        } catch (error) {
          fault(error);
        }
      };
      const at = (ms: number, callback: () => void): void => {
        if (stopped) return;
        const task = state.scheduler.schedule({
          at: startedAt + ms * scale,
          callback: () => {
            tasks.delete(task);
            guard(callback);
          },
        });
        tasks.add(task);
      };
      const onClose = (): void => stop(true);
      const running = {
        shutdown: () => {
          if (!response.writableEnded && response.headersSent) response.end(encodeInternalStreamFailure({ message: 'The mock endpoint is shutting down.' }));
          stop(false);
        },
      };
      response.on('close', onClose);
      state.active.add(running);

      try {
        const { status, headers } = cassette.response;
        if (status !== 200) {
          at(cassette.response.atMs ?? 0, () => {
            const recordedBody = cassette.response.body === undefined ? '' : Buffer.from(cassette.response.body, 'base64').toString('utf8');
            const errorType = (headers['x-amzn-ErrorType'] ?? 'InternalFailure').split(':')[0]!;
            sendServiceError({ response, error: { status, errorType, body: JSON.parse(recordedBody || '{}') as Record<string, unknown> }, requestId, coralSuffix: config.errors.coralSuffix });
            entry.status = status;
            entry.outcome = 'completed';
            stop(false);
          });
        } else if (operation === 'InvokeEndpoint') {
          at(cassette.response.atMs ?? 0, () => {
            const recordedBody = cassette.response.body === undefined ? Buffer.alloc(0) : Buffer.from(cassette.response.body, 'base64');
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
          // One part at a time, decoded when due and only once the previous one was taken by the
          // socket: a large cassette is streamed, never copied whole or queued up front.
          const parts = cassette.parts ?? [];
          const last = parts[parts.length - 1]?.atMs ?? 0;
          const endAt = Math.max(last, cassette.end?.atMs ?? last);
          let index = 0;
          const sendPart = (part: { bytes: string }): boolean => {
            const bytes = Buffer.from(part.bytes, 'base64');
            const frame = encodePayloadPart(bytes);
            entry.partsSent++;
            entry.payloadBytes += bytes.length;
            entry.bytesSent += frame.length;
            return response.write(frame);
          };
          const next = (): void => {
            if (stopped) return;
            // Parts already due go out in one turn (a bounded batch), the rest wait for their time.
            for (let batch = 0; batch < 64; batch++) {
              const part = parts[index];
              if (!part) {
                at(endAt, () => {
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
                return;
              }
              if (startedAt + part.atMs * scale > performance.now()) {
                at(part.atMs, next);
                return;
              }
              index++;
              if (!sendPart(part)) {
                response.once('drain', () => guard(next));
                return;
              }
            }
            setImmediate(() => guard(next));
          };
          guard(next);
        }
      } catch (error) {
        fault(error);
      }
      const wentAway = await done;
      state.active.delete(running);
      if (wentAway) {
        entry.clientWentAway = true;
        entry.outcome = 'client-disconnected';
      }
    },
  };
}
