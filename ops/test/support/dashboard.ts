// The Grafana dashboard's queries, with the template variables replaced the way Grafana
// would for "All" and a short range, so that they run against a plain Prometheus.
import { readFileSync } from 'node:fs';
import { OPS_FILES } from './ops-files.js';

export interface DashboardQuery {
  panel: string;
  refId: string;
  expr: string;
}

interface Target {
  refId: string;
  expr?: string;
}
interface Panel {
  title: string;
  type: string;
  targets?: Target[];
}
export interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; allValue?: string }[] };
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(OPS_FILES.dashboard, 'utf8')) as Dashboard;
}

export function dashboardQueries(dashboard: Dashboard = loadDashboard()): DashboardQuery[] {
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, refId: target.refId, expr: target.expr ?? '' })),
  );
}

/** $model / $agent -> ".*" (the variables' allValue), $__rate_interval -> 1m, $__range -> 1h. */
export function substituteVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '1h')
    .replaceAll('$__interval', '15s')
    .replace(/\$(?:model|agent)\b/g, '.*');
}
