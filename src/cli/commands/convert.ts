import { Command } from 'commander';
import type { SerializerName } from '../../formats/serialize/index.ts';
import { formatOf, readFile, writeFile } from '../fileFormats.ts';
import { serializerOption } from '../options.ts';

/** `dataflow convert <in> <out>`: rewrites the datapoints of one format in another (formats from the extensions). */
export function convertCommand(): Command {
  return new Command('convert')
    .description('convert between LMDB, TFRecord and .npz files (formats from the extensions; order kept)')
    .argument('<in>', 'the file to read')
    .argument('<out>', 'the file to write (must not exist)')
    .addOption(serializerOption('pickle, as tensorpack'))
    .action(async (input: string, output: string, opts: { serializer?: SerializerName }) => {
      const [from, to] = [formatOf(input), formatOf(output)];
      const count = await writeFile(readFile(input, from), output, to, opts.serializer);
      console.log(`converted ${count} datapoints: ${input} (${from}) → ${output} (${to}${to === 'npz' ? '' : `, ${opts.serializer ?? 'pickle'}`})`);
    });
}
