// Redaction cost per character, all built-in detectors, on ordinary text and on the
// adversarial families that break backtracking patterns, from 1 KB to 1 MB. Linear means
// the ns/char column stays flat as the input grows; the budget is 1 MB in under 100 ms.
// Run: pnpm --filter @agentspan/core bench (after the build), or node bench/redaction.bench.mjs
import { createRedactor } from '../dist/index.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number);
const redact = createRedactor();

const repeat = (unit) => (n) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const english =
  'The customer asked about order 42 placed on 2024-07-18 for $1,299.99; the agent looked it up, ' +
  'found trace 4bf92f3577b34da6a3ce929d0e0e4736 and replied within 3.5 seconds (version 1.2.3). ';
const chinese = '用户询问订单 20240718123456 的物流状态，客服查询后回复预计明天送达，价格为 ¥1,380.00，谢谢您的耐心等待。';
const json = '{"role":"tool","id":"call_1","content":{"order":123456789,"status":"shipped","items":[1,2,3],"eta":"2024-07-19T10:00:00Z"}},';
const withPii =
  'Reach me at jane.doe@example.com or +86 138 1234 5678, card 4111 1111 1111 1111, ID 11010519491231002X, key sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2. ';

const FAMILIES = {
  'english prose': repeat(english),
  'chinese prose': repeat(chinese),
  'json tool output': repeat(json),
  'prose full of PII': repeat(withPii),
  "letters, no '@'": repeat('a'),
  "words, no '@'": repeat('john.doe '),
  "'a@' repeated": repeat('a@'),
  "'a@a.' repeated": repeat('a@a.'),
  "'a.' repeated": repeat('a.'),
  'one digit run': repeat('1'),
  "'1 ' repeated": repeat('1 '),
  "'1-' repeated": repeat('1-'),
  "'1.' repeated": repeat('1.'),
  "'(1)' repeated": repeat('(1)'),
  "'+1 ' repeated": repeat('+1 '),
  "'138-1234-5678 ' repeated": repeat('138-1234-5678 '),
  "'a:' repeated": repeat('a:'),
  "'password=' repeated": repeat('password='),
  "'Bearer ' repeated": repeat('Bearer '),
  "'sk-' repeated": repeat('sk-'),
  "'AB12 ' repeated": repeat('AB12 '),
  "'GB82 ' repeated": repeat('GB82 '),
  'whitespace': repeat(' \t\n'),
  'emoji': repeat('😀'),
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** CPU time (user + system) of `reps` redactions, in ns: the process's own work, whatever the load. */
function cpuNs(text, reps) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) redact(text);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) * 1000;
}

/** ns per character: each round redacts ~2 MB in all (at least one call), median of the rounds. */
function nsPerChar(text) {
  const reps = Math.max(1, Math.round(2e6 / text.length));
  cpuNs(text, reps); // warm-up
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(cpuNs(text, reps) / reps / text.length);
  rounds.sort((a, b) => a - b);
  return rounds[rounds.length >> 1];
}

const label = (n) => (n >= 1e6 ? `${n / 1e6} MB` : `${n / 1e3} KB`);
console.log(`redaction, all built-in detectors (node ${process.version}); CPU ns per character, median of ${ROUNDS} rounds`);
console.log(`| input | ${SIZES.map(label).join(' | ')} | 1 MB in ms | growth 1 KB→1 MB |`);
console.log(`|---|${SIZES.map(() => '---:').join('|')}|---:|---:|`);
let worst = 0;
for (const [name, make] of Object.entries(FAMILIES)) {
  const figures = SIZES.map((n) => nsPerChar(make(n)));
  const mb = (figures[figures.length - 1] * SIZES[SIZES.length - 1]) / 1e6;
  worst = Math.max(worst, mb);
  const growth = figures[figures.length - 1] / figures[0];
  console.log(`| ${name} | ${figures.map((f) => f.toFixed(1)).join(' | ')} | ${mb.toFixed(1)} | ${growth.toFixed(2)}× |`);
}
console.log(`\nslowest 1 MB input: ${worst.toFixed(1)} ms (budget 100 ms)`);
