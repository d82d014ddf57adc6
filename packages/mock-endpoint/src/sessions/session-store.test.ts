import { describe, expect, it } from 'vitest';
import { createSessionStore } from './session-store.js';

describe('createSessionStore', () => {
  const place = { endpoint: 'ep', variant: 'AllTraffic', instance: 0, inferenceComponent: null };

  it('opens, finds, closes, and tells closed and expired ids from unknown ones', () => {
    let time = 1_000;
    const store = createSessionStore({ now: () => time });
    const session = store.open({ id: 'a', ttlMs: 500, maxOpen: 10, ...place });
    expect(session).toMatchObject({ id: 'a', expiresAt: 1_500 });
    expect(store.get('ep', 'a')).toBe(session);
    expect(store.get('other-ep', 'a')).toBe('unknown');
    expect(store.close('ep', 'a')).toBe(true);
    expect(store.get('ep', 'a')).toBe('closed');
    expect(store.close('ep', 'a')).toBe(false);
    store.open({ id: 'b', ttlMs: 500, maxOpen: 10, ...place });
    time = 1_501;
    expect(store.get('ep', 'b')).toBe('expired');
    expect(store.get('ep', 'never')).toBe('unknown');
  });

  it('bounds the open sessions per endpoint, counting only live ones', () => {
    let time = 0;
    const store = createSessionStore({ now: () => time });
    expect(store.open({ id: '1', ttlMs: 100, maxOpen: 2, ...place })).not.toBe('full');
    expect(store.open({ id: '2', ttlMs: 100, maxOpen: 2, ...place })).not.toBe('full');
    expect(store.open({ id: '3', ttlMs: 100, maxOpen: 2, ...place })).toBe('full');
    expect(store.open({ id: '3', ttlMs: 100, maxOpen: 2, ...place, endpoint: 'ep2' })).not.toBe('full');
    time = 100; // both expire: the sweep before opening frees their places
    expect(store.open({ id: '4', ttlMs: 100, maxOpen: 2, ...place })).not.toBe('full');
    expect(store.openCount('ep')).toBe(1);
  });
});
