import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SelectComponent } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('SelectComponent', () => {
  it('ds yields [1, 2, 3] → SelectComponent(ds, [2, 0]) yields [3, 1]', async () => {
    await expectSequence(new SelectComponent(listOf<[number, number, number]>([[1, 2, 3], [4, 5, 6]]), [2, 0]), [[3, 1], [6, 4]]);
  });

  it('an index may repeat; an empty selection yields empty datapoints', async () => {
    await expectSequence(new SelectComponent(listOf<[string, number]>([['a', 1]]), [0, 0, 1]), [['a', 'a', 1]]);
    await expectSequence(new SelectComponent(listOf<[string]>([['a']]), []), [[]]);
  });

  it("length: the upstream's", () => {
    assert.deepEqual(lengthsOver((ds) => new SelectComponent(ds, [0])), [6, null, Infinity]);
  });

  it('a component past the end of a datapoint, and bad indices, are DataFlowErrors', () => {
    const ds = listOf<number[]>([[1, 2, 3], [1, 2]]);
    assert.throws(() => collect(new SelectComponent(ds, [2])), {
      name: 'DataFlowError', message: 'SelectComponent: datapoint 1 has 2 components, no component 2',
    });
    assert.throws(() => new SelectComponent(ds, [-1]), { message: 'SelectComponent: expects a list of component indices' });
    assert.throws(() => new SelectComponent(ds, 0 as unknown as number[]), { message: 'SelectComponent: expects a list of component indices' });
  });
});
