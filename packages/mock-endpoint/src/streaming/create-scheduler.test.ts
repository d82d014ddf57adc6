import { describe, expect, it } from 'vitest';
import { createScheduler } from './create-scheduler.js';

describe('createScheduler', () => {
  it('runs tasks in deadline order, skips cancelled ones, and disarms when idle', async () => {
    const scheduler = createScheduler();
    const ran: string[] = [];
    const now = performance.now();
    scheduler.schedule({ at: now + 30, callback: () => ran.push('c') });
    scheduler.schedule({ at: now + 10, callback: () => ran.push('a') });
    const cancelled = scheduler.schedule({ at: now + 20, callback: () => ran.push('cancelled') });
    scheduler.schedule({ at: now + 20, callback: () => ran.push('b') });
    cancelled.cancel();
    expect(scheduler.size).toBe(3);
    expect(scheduler.armed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(scheduler.size).toBe(0);
    expect(scheduler.armed).toBe(false);
  });

  it('releases its timer when every task is cancelled', () => {
    const scheduler = createScheduler();
    const tasks = Array.from({ length: 100 }, (_, index) => scheduler.schedule({ at: performance.now() + 1000 + index, callback: () => undefined }));
    expect(scheduler.armed).toBe(true);
    for (const task of tasks) task.cancel();
    expect(scheduler.size).toBe(0);
    expect(scheduler.armed).toBe(false);
  });

  it('lets a task schedule the next one (how streams advance)', async () => {
    const scheduler = createScheduler();
    let count = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        if (++count === 5) return resolve();
        scheduler.schedule({ at: performance.now() + 2, callback: tick });
      };
      scheduler.schedule({ at: performance.now(), callback: tick });
    });
    expect(count).toBe(5);
    expect(scheduler.armed).toBe(false);
  });
});

describe('createScheduler under faults', () => {
  it('keeps running the other callbacks when one throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const scheduler = createScheduler({ onError: (error) => errors.push(error) });
    const ran: string[] = [];
    const now = performance.now();
    scheduler.schedule({ at: now + 1, callback: () => ran.push('a') });
    scheduler.schedule({ at: now + 1, callback: () => { throw new Error('bad cassette'); } });
    scheduler.schedule({ at: now + 1, callback: () => ran.push('b') });
    scheduler.schedule({ at: now + 20, callback: () => ran.push('later') });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual(['a', 'b', 'later']);
    expect(errors).toEqual([new Error('bad cassette')]);
  });

  it('arms a far deadline in steps instead of a 1 ms timer loop (delays above 2^31−1 ms)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    const scheduler = createScheduler();
    let fired = 0;
    const task = scheduler.schedule({ at: performance.now() + 3 * 2 ** 31, callback: () => fired++ });
    await new Promise((resolve) => setTimeout(resolve, 50));
    task.cancel();
    process.off('warning', onWarning);
    expect(fired).toBe(0);
    expect(warnings.filter((name) => name === 'TimeoutOverflowWarning')).toEqual([]);
    expect(scheduler.armed).toBe(false);
  });
});
