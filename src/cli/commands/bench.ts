import { Command } from 'commander';
import { TestDataSpeed } from '../../transforms/TestDataSpeed.ts';
import { loadFlow } from '../loadFlow.ts';
import { positiveInt } from '../options.ts';

/** `dataflow bench <module>[#export]`: TestDataSpeed on a flow, with its progress bar. */
export function benchCommand(): Command {
  return new Command('bench')
    .description('measure how fast a flow yields datapoints (TestDataSpeed)')
    .argument('<module>', 'a module exporting a DataFlow (or a function returning one): file[#export]')
    .option('--count <n>', 'datapoints to time', positiveInt, 5000)
    .option('--warmup <n>', 'datapoints consumed before the clock starts', positiveInt)
    .action(async (spec: string, opts: { count: number; warmup?: number }) => {
      const flow = await loadFlow(spec);
      const speed = new TestDataSpeed(flow, { size: opts.count, warmup: opts.warmup ?? 0 });
      if (flow.isSync) speed.start();
      else await speed.startAsync();
    });
}
