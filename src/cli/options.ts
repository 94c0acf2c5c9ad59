import { InvalidArgumentError, Option } from 'commander';

/** Parses a positive whole number for commander, with a one-line error otherwise. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

/** `--serializer msgpack|pickle`. */
export function serializerOption(defaultsTo: string): Option {
  return new Option('--serializer <name>', `wire/file format of each datapoint (default: ${defaultsTo})`).choices(['msgpack', 'pickle']);
}
