import type { BidiPayloadPart } from '@sagestream/core';
import { lmiChatChunkLine } from '../containers/lmi-format.js';
import { generate } from '../generation/generate.js';
import { chooseReply } from '../replies/choose-reply.js';
import { createChunker } from '../streaming/create-chunker.js';
import { createDelays } from '../streaming/create-delays.js';
import type { ScheduledTask } from '../streaming/create-scheduler.js';
import { createRandom, deriveSeed } from '../util/random.js';
import type { BidiContainer, BidiContainerContext } from './bidi-container.js';

const decoder = new TextDecoder();

/**
 * `chat`: each COMPLETE UTF8 part (PARTIAL ones are joined first) is a user turn; the reply is
 * generated as for the HTTP/1.1 LMI endpoints and streamed as `chat.completion.chunk` JSON Lines,
 * paced by the endpoint's latency profile and cut by its chunking mode. Reply parts are PARTIAL
 * except the last of each turn (COMPLETE). Turns queue up in order.
 */
export function createChatContainer(context: BidiContainerContext): BidiContainer {
  const { endpoint, state } = context;
  const turns: string[] = [];
  let text = '';
  let turnIndex = 0;
  let replying = false;
  let task: ScheduledTask | undefined;
  let closed = false;
  let idle: (() => void) | undefined;

  function nextTurn(): void {
    if (closed) return;
    const prompt = turns.shift();
    if (prompt === undefined) {
      replying = false;
      idle?.();
      return;
    }
    replying = true;
    const seed = deriveSeed(context.seed, `turn-${turnIndex++}`);
    const generation = generate({
      replyText: chooseReply({ prompt, reply: endpoint.reply, seed }),
      maxNewTokens: endpoint.maxNewTokens,
      stop: [],
      stopMode: 'exclude',
      model: endpoint.model,
      random: createRandom(deriveSeed(seed, 'logprobs')),
    });
    const chunker = createChunker({ mode: endpoint.chunking.mode, coalesceFlushes: endpoint.chunking.coalesceFlushes, random: createRandom(deriveSeed(seed, 'chunking')) });
    const nextDelay = createDelays({ latency: endpoint.latency, scale: context.latencyScale, seed: deriveSeed(seed, 'latency') });
    const created = Math.floor(Date.now() / 1000);
    const last = generation.tokens.length - 1;
    let index = 0;
    let at = performance.now();
    const send = (parts: Uint8Array[], final: boolean): void => {
      parts.forEach((bytes, position) => {
        const part: BidiPayloadPart = { bytes, dataType: 'UTF8', completionState: final && position === parts.length - 1 ? 'COMPLETE' : 'PARTIAL' };
        context.emit(part);
      });
    };
    const step = (): void => {
      task = undefined;
      if (closed) return;
      const token = generation.tokens[index]!;
      const line = lmiChatChunkLine({ token, first: index === 0, finishReason: index === last ? generation.finishReason : null, created });
      const parts = chunker.push(Buffer.from(line, 'utf8'));
      if (index === last) {
        send([...parts, ...chunker.flush()], true);
        nextTurn();
        return;
      }
      send(parts, false);
      index++;
      schedule(false);
    };
    const schedule = (first: boolean): void => {
      at += nextDelay(first);
      task = state.scheduler.schedule({ at, callback: step });
    };
    schedule(true);
  }

  return {
    input(part) {
      text += decoder.decode(part.bytes, { stream: part.completionState !== 'COMPLETE' });
      if (part.completionState !== 'COMPLETE') return;
      turns.push(text);
      text = '';
      if (!replying) nextTurn();
    },
    end() {
      if (text !== '') {
        // An unfinished turn at the end of input still gets its answer.
        turns.push(text + decoder.decode());
        text = '';
        if (!replying) nextTurn();
      }
      if (!replying && turns.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (idle = resolve));
    },
    close() {
      closed = true;
      task?.cancel();
      task = undefined;
      idle?.();
    },
  };
}
