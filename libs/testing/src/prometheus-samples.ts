/**
 * The samples of a Prometheus text exposition, keyed as `name{label="value",...}` with the labels in
 * name order, so that a test can compare what a service reports with what it expects.
 */
export type PrometheusSamples = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export async function scrapeMetrics(serviceUrl: string): Promise<PrometheusSamples> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parsePrometheusText(await response.text());
}

export function parsePrometheusText(text: string): PrometheusSamples {
  const samples: PrometheusSamples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name, labels = '', value] = match;
    samples.set(
      sampleKey(name, Object.fromEntries([...labels.matchAll(LABEL)].map(([, key, v]) => [key, v]))),
      Number(value),
    );
  }
  return samples;
}

export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => `${key}="${labels[key]}"`);
  return pairs.length > 0 ? `${name}{${pairs.join(',')}}` : name;
}

/** What grew between two scrapes, for the samples whose key starts with one of `names`; unchanged ones left out. */
export function growth(before: PrometheusSamples, after: PrometheusSamples, names: string[]): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [key, value] of after) {
    if (!names.some((name) => key === name || key.startsWith(`${name}{`))) continue;
    const delta = value - (before.get(key) ?? 0);
    if (delta !== 0) grown[key] = delta;
  }
  return grown;
}
