// promtool checks the rules file and runs the unit tests of every alert (ops/prometheus/tests).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPS_FILES } from './support/ops-files.js';
import { promtool } from './support/promtool.js';

interface RuleFile {
  groups: { rules: { alert?: string }[] }[];
}
interface RuleTestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const ruleTestFiles = readdirSync(OPS_FILES.ruleTestsDir)
  .filter((name) => name.endsWith('.test.yml'))
  .sort();

describe('promtool', () => {
  it('accepts the rules file (promtool check rules)', () => {
    const run = promtool(['check', 'rules', OPS_FILES.rules]);
    expect(run.status, run.output).toBe(0);
  });

  it('passes every rule unit test (promtool test rules)', () => {
    expect(ruleTestFiles.length).toBeGreaterThan(0);
    const run = promtool(['test', 'rules', ...ruleTestFiles], OPS_FILES.ruleTestsDir);
    expect(run.status, run.output).toBe(0);
  });

  it('has, for every alert, a unit test where it fires and one where it does not', () => {
    const rules = parse(readFileSync(OPS_FILES.rules, 'utf8')) as RuleFile;
    const alerts = rules.groups.flatMap((group) => group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])));
    const cases = ruleTestFiles.flatMap((name) => {
      const file = parse(readFileSync(`${OPS_FILES.ruleTestsDir}/${name}`, 'utf8')) as RuleTestFile;
      return file.tests.flatMap((test) => test.alert_rule_test ?? []);
    });
    const coverage = alerts.map((alert) => {
      const mine = cases.filter((c) => c.alertname === alert);
      return { alert, fires: mine.some((c) => c.exp_alerts.length > 0), silent: mine.some((c) => c.exp_alerts.length === 0) };
    });
    expect(alerts.length).toBe(7);
    expect(coverage.filter((c) => !c.fires || !c.silent)).toEqual([]);
  });
});
