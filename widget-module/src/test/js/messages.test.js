// Unit tests for the event details of src/main/js/messages.js. Run: node --test (in this directory)
import test from 'node:test';
import assert from 'node:assert/strict';

import { agentMessageDetail } from '../../main/js/messages.js';
import { MessageStore } from '../../main/js/message-store.js';

test('parley:message detail: {conversationId, messageId, author, content}, author as the server sent it', () => {
  const store = new MessageStore();
  const { entry } = store.upsert({
    id: 8, conversationId: 3, sender: 'AGENT', author: 'Mia', content: 'Hello', echoId: null, createdAt: '2024-01-01T00:00:00Z',
  });
  assert.deepEqual(agentMessageDetail(entry), { conversationId: 3, messageId: 8, author: 'Mia', content: 'Hello' });
  const { entry: anonymous } = store.upsert({ id: 9, conversationId: 3, sender: 'AGENT', content: 'Hi' });
  assert.deepEqual(agentMessageDetail(anonymous), { conversationId: 3, messageId: 9, author: null, content: 'Hi' });
});
