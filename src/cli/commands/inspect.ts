import { Command } from 'commander';
import type { DataFlow } from '../../core/DataFlow.ts';
import { LMDBData } from '../../formats/lmdb/LMDBData.ts';
import { TFRecordData } from '../../formats/tfrecord/TFRecordData.ts';
import { describeComponent } from '../../transforms/PrintData.ts';
import { formatOf, readFile, type FileFormat } from '../fileFormats.ts';
import { positiveInt } from '../options.ts';

/** Up to `n` datapoints of one pass. */
async function head<T>(flow: DataFlow<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n === 0) return out;
  for await (const dp of flow) if (out.push(dp) >= n) break;
  return out;
}

/** The number of datapoints: the flow's length, or a count of the raw records when unknown (TFRecord). */
async function countOf(file: string, format: FileFormat, flow: DataFlow<unknown>): Promise<number> {
  if (typeof flow.length === 'number') return flow.length;
  let n = 0;
  if (format === 'tfrecord') for (const _ of new TFRecordData(file)) n++;
  return n;
}

/** `dataflow inspect <file>`: count, keys, and the first datapoints' component types and shapes. */
export function inspectCommand(): Command {
  return new Command('inspect')
    .description("describe an LMDB, TFRecord or .npz file written by tensorpack's serializers (or ours)")
    .argument('<file>', 'a .lmdb/.mdb file (or LMDB directory), .tfrecord/.tfrecords or .npz')
    .option('--num <n>', 'datapoints to describe', positiveInt, 3)
    .action(async (file: string, opts: { num: number }) => {
      const format = formatOf(file);
      const flow = readFile(file, format);
      const lines = [`file: ${file}`, `format: ${format}`, `count: ${await countOf(file, format, flow)}`];
      if (format === 'lmdb') {
        const keys = (await head(new LMDBData(file, { shuffle: false }), opts.num)).map(([k]) => k.toString('latin1'));
        lines.push(`keys: ${keys.join(', ')}${keys.length === opts.num ? ', …' : ''} (cursor order)`);
      } else {
        lines.push(`keys: none (${format === 'npz' ? 'one pickled list in buffer.npy' : 'records are numbered, not keyed'})`);
      }
      (await head(flow, opts.num)).forEach((dp, i) => {
        const entries = Array.isArray(dp) ? dp.map((v, k) => [String(k), v] as const) : typeof dp === 'object' && dp !== null ? Object.entries(dp) : [['value', dp] as const];
        lines.push(`datapoint ${i} (${entries.length} components):`, ...entries.map(([k, v]) => `  ${k}: ${describeComponent(v)}`));
      });
      console.log(lines.join('\n'));
    });
}
