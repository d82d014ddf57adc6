import { createFetchTransport, type StreamTransport } from '@sagestream/core';
import { vi } from 'vitest';
import type { ChatPlatform } from '../../src/chat/chat-platform.js';
import { createChatController, type ChatControllerOptions } from '../../src/chat/chat-controller.js';
import type { EndpointProfile } from '../../src/chat/endpoint-profile.js';
import { createKeyValueHistoryStore, type KeyValueStorage } from '../../src/chat/history-store.js';
import { createMemoryStorage } from './memory-storage.js';
import { mockProfiles } from '../../src/chat/mock-profiles.js';
import type { ResolvedEndpoints } from '../../src/chat/resolve-endpoints.js';
import { parseHostMessage } from '../../src/shared/parse-host-message.js';
import type { HostMessage } from '../../src/shared/protocol.js';

/** A platform that records what the chat asked of it. */
export function createRecordingPlatform(options: { confirm?: boolean } = {}) {
  return {
    copyText: vi.fn<ChatPlatform['copyText']>(async () => {}),
    insertCode: vi.fn<NonNullable<ChatPlatform['insertCode']>>(async () => true),
    openLink: vi.fn<ChatPlatform['openLink']>(async () => {}),
    saveMarkdown: vi.fn<ChatPlatform['saveMarkdown']>(async () => {}),
    confirm: vi.fn<ChatPlatform['confirm']>(async () => options.confirm ?? true),
    runAction: vi.fn<NonNullable<ChatPlatform['runAction']>>(async () => {}),
  } satisfies ChatPlatform;
}

/** Endpoints of the mock at `url`, optionally with extra custom attributes (faults, pacing). */
export function mockEndpoints(url: string, customAttributes?: string): ResolvedEndpoints {
  const profiles: EndpointProfile[] = mockProfiles({ mockUrl: url }).map((profile) => (customAttributes ? { ...profile, customAttributes } : profile));
  return { profiles, mode: 'mock', mockUrl: url, problems: [], defaultId: 'mock-messages' };
}

/**
 * A controller against a real mock, recording every message it posts — each one validated with
 * the webview's own parser, so an invalid protocol message fails the test.
 */
export function createChatHarness(options: { url: string; storage?: KeyValueStorage; customAttributes?: string; transport?: StreamTransport } & Partial<ChatControllerOptions>) {
  const posted: HostMessage[] = [];
  const platform = createRecordingPlatform();
  const storage = options.storage ?? createMemoryStorage();
  const transport = options.transport ?? createFetchTransport({ baseUrl: options.url });
  const controller = createChatController({
    store: createKeyValueHistoryStore({ storage }),
    platform,
    post: (message) => posted.push(parseHostMessage(structuredClone(message))),
    transportFor: () => transport,
    endpoints: mockEndpoints(options.url, options.customAttributes),
    capabilities: { insertCode: true, actions: ['sso-login', 'use-mock', 'open-settings'] },
    flushIntervalMs: 0,
    ...options,
  });
  /** Resolves with the first posted message (already posted or future) that matches. */
  async function next<T extends HostMessage['type']>(type: T, predicate: (message: Extract<HostMessage, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<HostMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = posted.find((message): message is Extract<HostMessage, { type: T }> => message.type === type && predicate(message as Extract<HostMessage, { type: T }>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No ${type} message within ${timeoutMs} ms; got: ${posted.map((message) => message.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return { controller, posted, platform, storage, next };
}
