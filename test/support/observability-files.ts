import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
export const OBSERVABILITY_DIR = 'deploy/observability';

export interface PrometheusConfig {
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
}
export interface GrafanaDashboard {
  uid: string;
  title: string;
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

export function readPrometheusConfig(): PrometheusConfig {
  return parse(readFileSync(resolve(ROOT, OBSERVABILITY_DIR, 'prometheus.yml'), 'utf8')) as PrometheusConfig;
}

export function readDashboard(): GrafanaDashboard {
  return JSON.parse(
    readFileSync(resolve(ROOT, OBSERVABILITY_DIR, 'grafana/dashboards/order-flow.json'), 'utf8'),
  ) as GrafanaDashboard;
}

/** PromQL's own words: functions, aggregations and modifiers, never metric names. */
const PROMQL_WORDS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
]);

/**
 * The metrics a PromQL expression reads, by the name a service exports: label matchers, grouping
 * labels, ranges and strings are left out, and a histogram's _bucket, _count and _sum series are its name.
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const words = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [
    ...new Set(words.filter((word) => !PROMQL_WORDS.has(word)).map((word) => word.replace(/_(bucket|count|sum)$/, ''))),
  ];
}

/** Every metric the committed dashboard shows. */
export function dashboardMetricNames(): string[] {
  return [
    ...new Set(readDashboard().panels.flatMap((panel) => panel.targets.flatMap(({ expr }) => metricNamesIn(expr)))),
  ];
}
