/** The current conversation's messages in memory: one entry per message, in ascending id order. */

import { SENDERS } from './constants.js';

export function compareById(a, b) {
  return Number(a.id) - Number(b.id);
}

function normalizeSender(sender) {
  const upper = String(sender || '').toUpperCase();
  return SENDERS.includes(upper) ? upper : 'SYSTEM';
}

function toEntryFields(message) {
  return {
    id: Number(message.id),
    conversationId: message.conversationId ?? null,
    echoId: message.echoId || null,
    sender: normalizeSender(message.sender),
    content: String(message.content ?? ''),
    author: message.author ?? null,
    createdAt: message.createdAt ?? null,
  };
}

/**
 * In-memory message list of the current conversation. Dedupes by server id and by
 * echoId, so the optimistic copy, the POST response and the WebSocket event of one
 * visitor message all end up as a single entry. Entries without an id are "pending".
 *
 * The sync cursor is not the highest id held: it is the id up to which the store is known to
 * hold every message (a history load, a gap sync page, or a live copy while the socket is in
 * sync). A visitor's own message answered while the socket was down sits above a gap; the next
 * gap sync must still start below it. Each clear() starts a new generation, so an answer to a
 * request made for the previous contents can tell that it is stale.
 */
export class MessageStore {
  constructor() {
    this.clear();
  }

  clear() {
    this.generation = (this.generation || 0) + 1;
    this.syncedId = 0;
    this.byId = new Map();
    this.byEcho = new Map();
    this.sortedIds = [];
    this.pending = [];
  }

  addPending({ echoId, content, createdAt = new Date().toISOString() }) {
    const entry = {
      id: null, conversationId: null, echoId, sender: 'CONTACT', content, createdAt, status: 'pending',
    };
    this.byEcho.set(echoId, entry);
    this.pending.push(entry);
    return entry;
  }

  /** @returns {{action: 'added'|'reconciled'|'duplicate', entry: object}} */
  upsert(message) {
    const fields = toEntryFields(message);
    const byId = this.byId.get(fields.id);
    if (byId) return { action: 'duplicate', entry: byId };
    const byEcho = fields.echoId ? this.byEcho.get(fields.echoId) : undefined;
    if (byEcho && byEcho.id != null) return { action: 'duplicate', entry: byEcho };
    if (byEcho) {
      Object.assign(byEcho, fields, { status: 'sent' });
      this.pending = this.pending.filter((entry) => entry !== byEcho);
      this.indexId(byEcho);
      return { action: 'reconciled', entry: byEcho };
    }
    const entry = { ...fields, status: 'sent' };
    this.indexId(entry);
    if (entry.echoId) this.byEcho.set(entry.echoId, entry);
    return { action: 'added', entry };
  }

  indexId(entry) {
    this.byId.set(entry.id, entry);
    const index = this.firstIndexAbove(entry.id);
    this.sortedIds.splice(index, 0, entry.id);
  }

  firstIndexAbove(id) {
    let low = 0;
    let high = this.sortedIds.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sortedIds[mid] > id) high = mid; else low = mid + 1;
    }
    return low;
  }

  /** The smallest known server id greater than `id`, or null. Used to place rows in order. */
  nextIdAfter(id) {
    const index = this.firstIndexAbove(id);
    return index < this.sortedIds.length ? this.sortedIds[index] : null;
  }

  get(id) {
    return this.byId.get(Number(id)) || null;
  }

  /** Every message up to this id is held: the `after` of the next gap sync. */
  syncedThrough() {
    return this.syncedId;
  }

  /** Marks every message up to `id` as held (never moves back). */
  markSyncedThrough(id) {
    const number = Number(id);
    if (Number.isFinite(number) && number > this.syncedId) this.syncedId = number;
  }

  lastId() {
    return this.sortedIds.length ? this.sortedIds[this.sortedIds.length - 1] : 0;
  }

  remove(entry) {
    if (entry.id != null && this.byId.get(entry.id) === entry) {
      this.byId.delete(entry.id);
      this.sortedIds.splice(this.sortedIds.indexOf(entry.id), 1);
    }
    if (entry.echoId && this.byEcho.get(entry.echoId) === entry) this.byEcho.delete(entry.echoId);
    this.pending = this.pending.filter((candidate) => candidate !== entry);
  }

  /** Removes the server entries whose id is not in `ids`; returns the removed entries. */
  retainIds(ids) {
    const keep = new Set(Array.from(ids, Number));
    const removed = this.sortedIds.filter((id) => !keep.has(id)).map((id) => this.byId.get(id));
    removed.forEach((entry) => this.remove(entry));
    return removed;
  }

  entries() {
    return [...this.sortedIds.map((id) => this.byId.get(id)), ...this.pending];
  }
}
