import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { CONSUMER_LAG, EVENT_HANDLING_DURATION, EVENTS_CONSUMED, EVENTS_PUBLISHED } from '#messaging';
import { OUTBOX_BACKLOG, OUTBOX_OLDEST_UNPUBLISHED_AGE, OUTBOX_PARKED } from '#outbox';
import { HTTP_REQUEST_DURATION } from '#runtime';
import { ORDER_SETTLEMENT_DURATION } from '../../apps/order-service/src/orders/order-settlement.metrics.js';
import {
  dashboardMetricNames,
  metricNamesIn,
  OBSERVABILITY_DIR,
  readDashboard,
  readPrometheusConfig,
} from '../support/observability-files.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface ComposeService {
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  build?: unknown;
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

/** What the services export besides Node's process metrics (every name the code defines). */
const EXPORTED = [
  HTTP_REQUEST_DURATION,
  EVENTS_CONSUMED,
  EVENT_HANDLING_DURATION,
  EVENTS_PUBLISHED,
  CONSUMER_LAG,
  OUTBOX_BACKLOG,
  OUTBOX_OLDEST_UNPUBLISHED_AGE,
  OUTBOX_PARKED,
  ORDER_SETTLEMENT_DURATION,
];

describe('the observability profile (docker compose --profile observability)', () => {
  it('runs Jaeger, Prometheus and Grafana only with that profile, on 127.0.0.1', () => {
    for (const name of ['jaeger', 'prometheus', 'grafana']) {
      expect(compose.services[name]?.profiles).toEqual(['observability']);
      for (const port of compose.services[name].ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('mounts the committed Prometheus configuration and Grafana provisioning', () => {
    const mounts = ['prometheus', 'grafana'].flatMap((name) => compose.services[name].volumes ?? []);
    for (const mount of mounts) {
      const source = mount.split(':')[0];
      expect(source.startsWith(`./${OBSERVABILITY_DIR}/`)).toBe(true);
      expect(existsSync(resolve(ROOT, source))).toBe(true);
    }
  });

  it('has Prometheus scrape every service at its name and port', () => {
    const targets = readPrometheusConfig().scrape_configs.flatMap(({ static_configs }) =>
      static_configs.flatMap(({ targets }) => targets),
    );
    const services = Object.entries(compose.services).filter(([, service]) => service.build);
    expect(services.length).toBeGreaterThan(0);
    for (const [name, service] of services) expect(targets).toContain(`${name}:${service.environment?.PORT}`);
  });

  it('provisions Grafana with that Prometheus as its data source and the dashboards folder', () => {
    const provisioning = `${OBSERVABILITY_DIR}/grafana/provisioning`;
    const datasources = parse(readFileSync(resolve(ROOT, provisioning, 'datasources/prometheus.yml'), 'utf8')) as {
      datasources: Array<{ uid: string; url: string }>;
    };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ uid: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const dashboards = parse(readFileSync(resolve(ROOT, provisioning, 'dashboards/dashboards.yml'), 'utf8')) as {
      providers: Array<{ options: { path: string } }>;
    };
    const mount = compose.services.grafana.volumes?.find((volume) => volume.includes('grafana/dashboards'));
    expect(mount?.split(':')[1]).toBe(dashboards.providers[0].options.path);
  });

  it('shows in the dashboard orders/s, end-to-end latency, outbox backlog, dead letters and consumer lag, from metrics the services export', () => {
    const dashboard = readDashboard();
    expect(dashboard.uid).toBe('order-flow');
    const names = dashboardMetricNames();
    for (const name of names) expect({ name, exported: EXPORTED.includes(name) }).toEqual({ name, exported: true });
    for (const needed of [
      ORDER_SETTLEMENT_DURATION,
      OUTBOX_BACKLOG,
      EVENTS_CONSUMED,
      CONSUMER_LAG,
      HTTP_REQUEST_DURATION,
    ]) {
      expect(names).toContain(needed);
    }
  });

  it('reads metric names out of PromQL, leaving labels, ranges and functions out', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, job) (rate(order_settlement_duration_seconds_bucket{status="CONFIRMED"}[1m])))',
      ),
    ).toEqual(['order_settlement_duration_seconds']);
    expect(metricNamesIn('outbox_backlog + outbox_parked')).toEqual(['outbox_backlog', 'outbox_parked']);
  });
});
