import type { ServerResponse } from 'node:http';
import { EVENT_STREAM_CONTENT_TYPE } from '@sagestream/core';
import type { ContainerAcceptance, ContainerFlush } from '../containers/container-types.js';
import { createChunker } from '../streaming/create-chunker.js';
import { createDelays } from '../streaming/create-delays.js';
import { runStream, type StreamFaultName } from '../streaming/run-stream.js';
import { createRandom, deriveSeed } from '../util/random.js';
import type { Invocation } from './invocation.js';
import { recordEntry } from './record-entry.js';
import type { MockState } from './mock-state.js';

const STREAM_FAULTS: readonly string[] = ['model-stream-error', 'stream-broken', 'internal-stream-failure', 'connection-reset', 'stall'];

/**
 * The container's writes with the line breaks that end the last one removed (fault
 * `no-final-newline`): its last JSON line or SSE `data:` line is left unterminated.
 */
function* withoutFinalNewline(flushes: Iterable<ContainerFlush>): Generator<ContainerFlush> {
  let previous: ContainerFlush | undefined;
  for (const flush of flushes) {
    // A live model's placeholder passes at once: the last write is only known at the end.
    if (flush.ready) {
      yield flush;
      continue;
    }
    if (previous) yield previous;
    previous = flush;
  }
  if (!previous) return;
  let end = previous.bytes.length;
  while (end > 0 && (previous.bytes[end - 1] === 0x0a || previous.bytes[end - 1] === 0x0d)) end--;
  if (end > 0 || previous.tokens > 0) yield { ...previous, bytes: previous.bytes.subarray(0, end) };
}

/**
 * Answers InvokeEndpointWithResponseStream: the §3 headers flushed at once, then the container's
 * writes as PayloadPart frames (wire spec §5), paced, chunked and faulted as configured.
 */
export async function respondStream(options: { state: MockState; invocation: Invocation; answer: ContainerAcceptance; response: ServerResponse }): Promise<void> {
  const { state, invocation, answer, response } = options;
  const { endpoint, attributes, seed, entry, fault } = invocation;
  const chunking = attributes.chunking ?? endpoint.chunking.mode;
  entry.chunking = chunking;
  entry.status = 200;
  response.writeHead(200, {
    'x-amzn-RequestId': invocation.requestId,
    'x-Amzn-Invoked-Production-Variant': endpoint.variant,
    'X-Amzn-SageMaker-Content-Type': answer.contentType,
    'Content-Type': EVENT_STREAM_CONTENT_TYPE,
  });
  // Old JS SDKs and botocore return on headers: they must not wait for the first token.
  response.flushHeaders();
  response.socket?.setNoDelay(true);
  const startedAt = performance.now();
  const streamTimeoutMs = attributes.streamTimeoutMs;
  const running = runStream({
    response,
    flushes: fault?.name === 'no-final-newline' ? withoutFinalNewline(answer.flushes) : answer.flushes,
    chunker: createChunker({ mode: chunking, coalesceFlushes: endpoint.chunking.coalesceFlushes, utf8SplitAt: endpoint.chunking.utf8SplitAt, random: createRandom(deriveSeed(seed, 'chunking')) }),
    nextDelay: createDelays({ latency: endpoint.latency, scale: attributes.latencyScale ?? state.config.latencyScale, seed: deriveSeed(seed, 'latency') }),
    scheduler: state.scheduler,
    fault: fault && STREAM_FAULTS.includes(fault.name) ? { name: fault.name as StreamFaultName, afterTokens: fault.afterTokens } : null,
    deadlines: {
      firstToken: startedAt + (streamTimeoutMs ?? endpoint.timeouts.firstByteMs),
      end: startedAt + (streamTimeoutMs ?? endpoint.timeouts.streamMs),
    },
    containerName: endpoint.containerName,
    stats: entry,
  });
  state.active.add(running);
  try {
    const result = await running.result;
    entry.outcome = result.outcome;
    entry.clientWentAway = result.clientWentAway;
    if (result.detail) entry.detail = result.detail;
    if ((fault?.name === 'container-error' || fault?.name === 'no-final-newline') && result.outcome === 'completed') entry.outcome = `fault:${fault.name}`;
  } finally {
    // A live model's generation is only complete now.
    if (answer.generation) {
      entry.finishReason = answer.generation.finishReason;
      entry.replyText = answer.generation.text;
    }
    state.active.delete(running);
    recordEntry(state, invocation);
  }
}
