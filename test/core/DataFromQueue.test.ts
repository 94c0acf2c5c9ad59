import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromQueue } from '../../src/index.ts';
import { collect, collectAsync, takeAsync } from '../helpers.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('DataFromQueue', () => {
  it('yields what is put, in order, until close(); async only; length unknown', async () => {
    const q = new DataFromQueue<[number]>({ capacity: 2 });
    assert.equal(q.isSync, false);
    assert.equal(q.length, null);
    void (async () => {
      for (let i = 0; i < 5; i++) await q.put([i]);
      q.close();
    })();
    assert.deepEqual(await collectAsync(q), [[0], [1], [2], [3], [4]]);
    assert.throws(() => collect(q), { message: 'DataFromQueue: cannot be iterated synchronously because DataFromQueue is asynchronous; use for await' });
  });

  it('put() waits while `capacity` datapoints are waiting', async () => {
    const q = new DataFromQueue<number>({ capacity: 2 });
    await q.put(1);
    await q.put(2);
    let third = false;
    const put3 = q.put(3).then(() => (third = true));
    await tick();
    assert.equal(third, false);
    assert.equal(q.size, 2);
    const it = q[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { value: 1, done: false });
    await put3;
    assert.equal(q.size, 2);
    q.close();
    assert.deepEqual(await collectAsync({ [Symbol.asyncIterator]: () => it }), [2, 3]);
  });

  it('the consumer waits for put(); close() ends a waiting consumer', async () => {
    const q = new DataFromQueue<string>();
    const got = collectAsync(q);
    await tick();
    await q.put('a');
    await tick();
    q.close();
    assert.deepEqual(await got, ['a']);
  });

  it('put() after close() is an error; the queue is consumed by its one pass', async () => {
    const q = new DataFromQueue<number>();
    await q.put(1);
    q.close();
    await assert.rejects(q.put(2), { name: 'DataFlowError', message: 'DataFromQueue: put() after close()' });
    assert.deepEqual(await collectAsync(q), [1]);
    assert.deepEqual(await collectAsync(q), []);
  });

  it('fail(error) ends the flow with that error after the waiting datapoints', async () => {
    const q = new DataFromQueue<number>();
    await q.put(1);
    const error = new Error('producer died');
    q.fail(error);
    const seen: number[] = [];
    await assert.rejects(async () => { for await (const x of q) seen.push(x); }, (e) => e === error);
    assert.deepEqual(seen, [1]);
  });

  it('a second consumer at once is a clear error; breaking out frees the queue', async () => {
    const q = new DataFromQueue<number>();
    await q.put(1);
    await q.put(2);
    const first = q[Symbol.asyncIterator]();
    await first.next();
    await assert.rejects(q[Symbol.asyncIterator]().next(), {
      name: 'DataFlowError', message: 'DataFromQueue: is already being iterated; a queue has one consumer',
    });
    await first.return!();
    q.close();
    assert.deepEqual(await takeAsync(q, 5), [2]);
  });

  it('an abort ends a waiting consumer with the reason', async () => {
    const q = new DataFromQueue<number>();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const got = collectAsync(q.iterAsync({ signal: controller.signal }));
    await tick();
    controller.abort(reason);
    await assert.rejects(got, (e) => e === reason);
  });

  it('capacity must be a positive integer', () => {
    assert.throws(() => new DataFromQueue({ capacity: 0 }), { name: 'DataFlowError', message: 'DataFromQueue: capacity must be a positive integer, got 0' });
  });
});
