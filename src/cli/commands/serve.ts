import { Command } from 'commander';
import type { SerializerName } from '../../formats/serialize/index.ts';
import { sendDataflowZmq } from '../../remote/index.ts';
import { loadFlow } from '../loadFlow.ts';
import { positiveInt, serializerOption } from '../options.ts';

/** `dataflow serve <module>[#export] --addr …`: runs a flow as a producer (send_dataflow_zmq) until Ctrl-C. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('send a flow to a RemoteDataZMQ consumer over ZeroMQ (PUSH), as tensorpack send_dataflow_zmq does')
    .argument('<module>', 'a module exporting a DataFlow (or a function returning one): file[#export], default export if no #export')
    .requiredOption('--addr <address>', 'ZeroMQ address, e.g. tcp://10.0.0.5:5555 or ipc:///tmp/flow')
    .option('--bind', 'bind the address instead of connecting to it')
    .addOption(serializerOption('pickle'))
    .option('--hwm <n>', 'high-water mark: datapoints queued per consumer', positiveInt, 50)
    .option('--count <n>', 'stop after n datapoints (default: run until interrupted)', positiveInt)
    .action(async (spec: string, opts: { addr: string; bind?: boolean; serializer?: SerializerName; hwm: number; count?: number }) => {
      const flow = await loadFlow(spec);
      const sender = sendDataflowZmq(flow, opts.addr, { bind: opts.bind ?? false, serializer: opts.serializer, hwm: opts.hwm, count: opts.count });
      const stop = (): void => void sender.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      console.error(`serving ${flow.flowName} on ${await sender.endpoint} (${opts.bind ? 'bound' : 'connected'}, ${opts.serializer ?? 'pickle'})`);
      try {
        await sender.done;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
