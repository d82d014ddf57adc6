import { readConversationSummary, readConversationView } from '../shared/read-views.js';
import type { ConversationSummary, ConversationView } from '../shared/protocol.js';

/** Where conversations persist: VS Code's workspace state, the browser's localStorage, memory. */
export interface HistoryStore {
  /** The saved conversations, most recently updated first. */
  list(): ConversationSummary[];
  load(id: string): ConversationView | undefined;
  save(conversation: ConversationView): Promise<void>;
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}

/** A synchronous-read key-value storage with JSON values (Memento and localStorage fit). */
export interface KeyValueStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** Options of {@link createKeyValueHistoryStore}. */
export interface KeyValueHistoryStoreOptions {
  storage: KeyValueStorage;
  /** Key prefix (default `sagestream.history.`). */
  prefix?: string;
  /** Oldest conversations beyond this are dropped (default 200). */
  maxConversations?: number;
}

/**
 * Conversations in a key-value storage: one key for the index, one per conversation, so saving a
 * streaming reply rewrites only its own conversation. What is read back is validated; a corrupt or
 * foreign entry is skipped, never trusted.
 *
 * @example
 * const store = createKeyValueHistoryStore({ storage: mementoStorage(context.workspaceState) });
 */
export function createKeyValueHistoryStore(options: KeyValueHistoryStoreOptions): HistoryStore {
  const { storage } = options;
  const prefix = options.prefix ?? 'sagestream.history.';
  const maxConversations = options.maxConversations ?? 200;
  const indexKey = `${prefix}index`;
  const conversationKey = (id: string): string => `${prefix}conversation.${id}`;
  // Writes are queued so that two saves never interleave their index updates.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };

  const readIndex = (): ConversationSummary[] => {
    const raw = storage.get(indexKey);
    if (!Array.isArray(raw)) return [];
    const out: ConversationSummary[] = [];
    for (const [index, entry] of raw.entries()) {
      try {
        out.push(readConversationSummary(entry, `index[${index}]`));
      } catch {
        // skipped: a damaged entry must not hide the others
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  };

  return {
    list: readIndex,
    load(id) {
      try {
        return readConversationView(storage.get(conversationKey(id)), 'conversation');
      } catch {
        return undefined;
      }
    },
    save(conversation) {
      return enqueue(async () => {
        await storage.set(conversationKey(conversation.id), conversation);
        const summary = { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, messageCount: conversation.messages.length };
        const index = [summary, ...readIndex().filter((entry) => entry.id !== conversation.id)];
        for (const dropped of index.splice(maxConversations)) await storage.delete(conversationKey(dropped.id));
        await storage.set(indexKey, index);
      });
    },
    delete(id) {
      return enqueue(async () => {
        await storage.delete(conversationKey(id));
        await storage.set(
          indexKey,
          readIndex().filter((entry) => entry.id !== id),
        );
      });
    },
    clear() {
      return enqueue(async () => {
        for (const entry of readIndex()) await storage.delete(conversationKey(entry.id));
        await storage.delete(indexKey);
      });
    },
  };
}
