// Sums the vitest JSON reports every package writes (.test-report.json) into the one
// closing line CI reads: "N passed, M failed".
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
// Every workspace package: packages/*, examples/*, compat/* and the operations kit (ops/).
const dirs = ['packages', 'examples', 'compat'].flatMap((group) =>
  existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [],
);
dirs.push('ops');
for (const dir of dirs) {
  const file = join(dir, '.test-report.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
