import type { LatencySecond } from '../bench-result.js';
import { latencyChart, type LatencyPanel } from './latency-chart-svg.js';

const seconds = (p99s: Array<number | null>): LatencySecond[] =>
  p99s.map((p99Ms, second) =>
    p99Ms === null
      ? { second, answered: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 }
      : { second, answered: 250, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms },
  );

/** [cx, cy] of each point drawn in a colour, in the order drawn. */
const points = (svg: string, colour: string) =>
  [...svg.matchAll(new RegExp(`<circle cx="([\\d.]+)" cy="([\\d.]+)" r="2" fill="${colour}">`, 'g'))].map(
    ([, cx, cy]) => [Number(cx), Number(cy)],
  );

describe('per-second latency chart (SVG)', () => {
  const panel: LatencyPanel = {
    title: 'RabbitMQ, sqlite: full-flow steps',
    lines: [
      { label: '250/s', series: seconds([10, 100, 1_000, 10]) },
      // Nothing answered in second 2: the line breaks there.
      { label: '500/s <run 2>', series: seconds([20, 20, null, 20]) },
    ],
  };
  const svg = latencyChart([[panel]]);

  it('draws each line through its seconds on a log scale: a stall stands out, decades evenly apart', () => {
    const first = points(svg, '#4e79a7');
    expect(first.map(([cx]) => cx)).toEqual([52, 150.7, 249.3, 348]);
    const [ms10, ms100, ms1000, again10] = first.map(([, cy]) => cy);
    expect(ms1000).toBeLessThan(ms100);
    expect(ms100 - ms1000).toBeCloseTo(ms10 - ms100, 0);
    expect(again10).toBe(ms10);
  });

  it('leaves a gap where nothing was answered instead of drawing 0 ms', () => {
    expect(points(svg, '#f28e2b')).toHaveLength(3);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
  });

  it('names the panel and each line, escaped', () => {
    expect(svg).toContain('>RabbitMQ, sqlite: full-flow steps</text>');
    expect(svg).toContain('>500/s &lt;run 2&gt;</text>');
    expect(svg).toContain('<title>250/s, second 2: p99 1000 ms, max 1000 ms, 250 answered</title>');
  });

  it('is a whole SVG document, the same for the same input', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="440" height="284"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(latencyChart([[panel]])).toBe(svg);
  });

  it('lays panels out a row per broker, as wide as the longest row', () => {
    const wide = latencyChart([[panel, panel, panel], [panel]]);
    expect(wide).toContain('width="1320" height="534"');
  });

  it('says so when there is no series to draw', () => {
    expect(latencyChart([])).toContain('no series measured');
  });
});
