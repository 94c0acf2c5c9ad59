#!/usr/bin/env node
// The `dataflow` command: serve / recv / bench / inspect / convert.
import { Command } from 'commander';
import { benchCommand } from './commands/bench.ts';
import { convertCommand } from './commands/convert.ts';
import { inspectCommand } from './commands/inspect.ts';
import { recvCommand } from './commands/recv.ts';
import { serveCommand } from './commands/serve.ts';

const program = new Command('dataflow')
  .description("DataFlow for TypeScript: run, measure, inspect and convert data-loading pipelines (tensorpack's DataFlow)")
  .addCommand(serveCommand())
  .addCommand(recvCommand())
  .addCommand(benchCommand())
  .addCommand(inspectCommand())
  .addCommand(convertCommand());

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // one line: the message's first line (a DataFlowError already names the flow)
  const message = e instanceof Error ? e.message : String(e);
  console.error(`dataflow: ${message.split('\n')[0]}`);
  process.exitCode = 1;
}
