import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Progress } from '../../src/index.ts';
import { textStream } from '../helpers.ts';

describe('Progress', () => {
  it('off a TTY: a plain line at most every lineInterval, checked every 256 ticks', () => {
    const { stream, text } = textStream();
    const p = new Progress({ label: 'load', total: 1000, stream, lineInterval: 0 });
    for (let i = 0; i < 255; i++) p.tick();
    assert.equal(text(), '');
    p.tick();
    assert.match(text(), /^load: 256\/1000 \(\d+\/s\)\n$/);
    const { count, seconds } = p.stop();
    assert.equal(count, 256);
    assert.ok(seconds >= 0);
    assert.equal(text().split('\n').length, 2); // stop() adds no line off a TTY
  });

  it('tick(n) counts n; an unknown or infinite total is left out of the line', () => {
    const { stream, text } = textStream();
    const p = new Progress({ label: 'x', total: Infinity, stream, lineInterval: 0 });
    p.tick(10);
    assert.match(text(), /^x: 10 \(\d+\/s\)\n$/);
    assert.equal(p.stop().count, 10);
  });

  it('the default interval (10 s) keeps CI logs short: no line in the first 10 s', () => {
    const { stream, text } = textStream();
    const p = new Progress({ label: 'x', total: null, stream });
    for (let i = 0; i < 10; i++) p.tick(1000);
    assert.equal(text(), '');
    assert.equal(p.stop().count, 10000);
  });

  it('on a TTY: a live bar, drawn once more by stop()', () => {
    const chunks: string[] = [];
    const tty = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, {
      isTTY: true, columns: 100, write: (s: string) => chunks.push(s) > 0,
      cursorTo: () => true, clearLine: () => true, moveCursor: () => true,
    });
    const p = new Progress({ label: 'bar', total: 50, stream: tty });
    p.tick(50);
    assert.equal(p.stop().count, 50);
    assert.match(chunks.join(''), /bar \|.*\| 50\/50 100%/);
  });
});
