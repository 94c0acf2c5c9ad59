import { Command } from 'commander';
import { RemoteDataZMQ } from '../../remote/index.ts';
import { TestDataSpeed } from '../../transforms/TestDataSpeed.ts';
import { positiveInt } from '../options.ts';

/** `dataflow recv --addr … [--count N]`: measures a remote stream with TestDataSpeed. */
export function recvCommand(): Command {
  return new Command('recv')
    .description('receive datapoints from producers (RemoteDataZMQ, PULL) and measure their speed')
    .requiredOption('--addr <address>', 'ZeroMQ address to bind (or connect to, with --connect)')
    .option('--addr2 <address>', 'a second address, as RemoteDataZMQ(addr1, addr2)')
    .option('--connect', 'connect to the address instead of binding it')
    .option('--count <n>', 'datapoints to time', positiveInt, 5000)
    .option('--warmup <n>', 'datapoints received before the clock starts', positiveInt)
    .option('--timeout <ms>', 'fail when no datapoint arrives for this long', positiveInt)
    .action(async (opts: { addr: string; addr2?: string; connect?: boolean; count: number; warmup?: number; timeout?: number }) => {
      const remote = new RemoteDataZMQ(opts.addr, opts.addr2, { bind: !opts.connect, timeout: opts.timeout });
      await new TestDataSpeed(remote, { size: opts.count, warmup: opts.warmup ?? 0 }).startAsync();
      if (remote.junkCount > 0) console.error(`dropped ${remote.junkCount} junk messages`);
    });
}
