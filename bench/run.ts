// `npm run bench [-- b1 b3]`: runs each bench/bN-*.ts in its own process (so one bench's JIT
// state cannot slow another), prints one table, writes bench/RESULTS.md, and, after a full run,
// puts the table into README.md between its bench markers.
// The processes load tsx's ESM hooks only (`--import tsx/esm`), as built code runs without any:
// tsx's CommonJS hook detaches an ArrayBuffer at start-up, which turns off V8's
// ArrayBufferDetaching protector for the whole process, and every typed-array access in optimized
// code then checks for a detached buffer (B2's loop and pipeline both ran ~20% slower).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './lib.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
// `b7` selects b7-imagenet.ts and b7a-augment.ts.
const selected = (f: string): boolean => wanted.length === 0 || wanted.some((w) => f.split('-')[0]!.replace(/[a-z]$/, '') === w);
const files = readdirSync(dir).filter((f) => /^b\d+[a-z]?-.*\.ts$/.test(f) && selected(f))
  .sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1)) || a.localeCompare(b));

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`running ${file} ...\n`);
  const script = `import(${JSON.stringify(new URL(file, import.meta.url).href)}).then(async (m) => process.stdout.write(JSON.stringify(await m.run())))`;
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    rows.push(...(JSON.parse(out) as BenchRow[]));
  } catch (e) {
    process.stderr.write(`${file} failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

const fmt = (v: number): string => (v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const lines = [
  '| bench | case | value | ratio | against | target | |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.bench} | ${r.case} | ${fmt(r.value)} ${r.unit} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.baseline ?? ''} | ${r.target === undefined ? '' : `≥ ${Number(r.target.toFixed(2))}×`} | ${r.target === undefined || r.ratio === undefined ? '' : r.ratio >= r.target ? 'met' : 'MISSED'} |`),
];
const table = lines.join('\n');
console.log(table);
writeFileSync(new URL('RESULTS.md', import.meta.url), `# Benchmark results\n\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores). Each ratio is against a baseline measured in the same run.\n\n${table}\n`);

if (wanted.length === 0 && process.exitCode === undefined) {
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(readme, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
}
