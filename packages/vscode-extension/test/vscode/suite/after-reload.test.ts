import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SageStreamApi } from '../../../src/host/extension.js';
import { lastReply, watchChatView } from './chat-view-watcher.js';
import { observeChatView } from './observe-chat-view.js';
import { reloadMarkerPath, type ReloadExpectation } from './reload-marker.js';
import { EXTENSION_ID, showChatView } from './vscode-helpers.js';

describe('SageStream after a window reload', () => {
  it('history survives: the view shows the last conversation with its reply, and lists it', async function () {
    // The first extension host after a reload starts the webview anew: slow on two busy cores.
    this.timeout(90_000);
    const expected = JSON.parse(await readFile(reloadMarkerPath(), 'utf8')) as ReloadExpectation;
    const extension = vscode.extensions.getExtension<SageStreamApi>(EXTENSION_ID)!;
    // The first phase left the Explorer showing: nothing activated the extension after the reload.
    const observer = observeChatView(extension);
    const view = watchChatView(observer);
    try {
      // As a user would: open the chat in the reloaded window.
      await showChatView(view);
      const { conversation, conversations } = view.state;
      assert.equal(conversation?.id, expected.conversationId);
      assert.deepEqual(
        conversation.messages.map((message) => [message.role, message.status, message.text]),
        [
          ['user', 'complete', expected.prompt],
          ['assistant', 'complete', expected.reply],
        ],
      );
      assert.equal(lastReply(view.state)?.stats?.endpointName, 'mock-messages');
      assert.deepEqual(conversations.map((summary) => summary.title), [expected.title]);
    } finally {
      view.dispose();
      observer.dispose();
    }
  });
});
