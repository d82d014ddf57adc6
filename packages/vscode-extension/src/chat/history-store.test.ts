import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../shared/protocol.js';
import { reviveConversation } from './conversation.js';
import { createMemoryStorage } from '../../test/helpers/memory-storage.js';
import { createKeyValueHistoryStore } from './history-store.js';

function conversation(id: string, updatedAt: number, text = 'Hello'): ConversationView {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1,
    updatedAt,
    messages: [
      { id: `${id}-u`, role: 'user', text, createdAt: 1, status: 'complete' },
      { id: `${id}-a`, role: 'assistant', text: 'Hi **there**', createdAt: 2, status: 'complete', stats: { endpointLabel: 'mock-messages', endpointName: 'mock-messages', tokens: 3 } },
    ],
  };
}

describe('history persistence', () => {
  it('survives a "reload": a new store over the same storage lists and loads what was saved', async () => {
    const storage = createMemoryStorage();
    const before = createKeyValueHistoryStore({ storage });
    await before.save(conversation('c1', 10));
    await before.save(conversation('c2', 20, 'Second'));
    const after = createKeyValueHistoryStore({ storage });
    expect(after.list().map((entry) => [entry.id, entry.messageCount])).toEqual([
      ['c2', 2],
      ['c1', 2],
    ]);
    expect(after.load('c2')).toEqual(conversation('c2', 20, 'Second'));
  });

  it('keeps the newest conversations only, deleting the bodies of those it drops', async () => {
    const storage = createMemoryStorage();
    const store = createKeyValueHistoryStore({ storage, maxConversations: 2 });
    for (const [index, id] of ['a', 'b', 'c'].entries()) await store.save(conversation(id, index));
    expect(store.list().map((entry) => entry.id)).toEqual(['c', 'b']);
    expect(store.load('a')).toBeUndefined();
    expect(storage.size).toBe(3); // index + two conversations
  });

  it('deletes one conversation or all of them', async () => {
    const storage = createMemoryStorage();
    const store = createKeyValueHistoryStore({ storage });
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    await store.delete('a');
    expect(store.list().map((entry) => entry.id)).toEqual(['b']);
    await store.clear();
    expect(store.list()).toEqual([]);
    expect(storage.size).toBe(0);
  });

  it('skips damaged or foreign data instead of trusting it', async () => {
    const storage = createMemoryStorage();
    const store = createKeyValueHistoryStore({ storage });
    await store.save(conversation('good', 5));
    storage.set('sagestream.history.index', [...(storage.get('sagestream.history.index') as unknown[]), { id: '../evil', title: 1 }, 'junk']);
    storage.set('sagestream.history.conversation.bad', { id: 'bad', messages: [{ role: 'system', text: '<script>' }] });
    expect(store.list().map((entry) => entry.id)).toEqual(['good']);
    expect(store.load('bad')).toBeUndefined();
    storage.set('sagestream.history.index', 'not a list');
    expect(store.list()).toEqual([]);
  });

  it('serializes concurrent saves so that no index update is lost', async () => {
    const store = createKeyValueHistoryStore({ storage: createMemoryStorage() });
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.save(conversation(`c${index}`, index))));
    expect(store.list()).toHaveLength(20);
    // what was saved is a copy: changing the original later does not change history
    const saved = conversation('copy', 99);
    await store.save(saved);
    saved.messages[0]!.text = 'changed';
    expect(store.load('copy')?.messages[0]?.text).toBe('Hello');
  });

  it('marks a reply that was streaming when the window closed as stopped, keeping its text', () => {
    const stored = conversation('c', 1);
    stored.messages[1] = { ...stored.messages[1]!, text: 'Partial ans', status: 'streaming' };
    const revived = reviveConversation(stored);
    expect(revived.messages[1]).toMatchObject({ text: 'Partial ans', status: 'stopped', error: { code: 'interrupted' } });
    expect(reviveConversation(conversation('d', 1))).toEqual(conversation('d', 1));
  });
});
