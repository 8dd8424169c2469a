import type { BrokerBenchResult, ThroughputLayer } from '../bench-result.js';
import { BROKER_NAMES, LAYER_NAMES, rate } from './format.js';
import { svgDocument } from './svg-document.js';

const LAYERS = Object.keys(LAYER_NAMES) as Array<ThroughputLayer['layer']>;
const COLOURS: Record<ThroughputLayer['layer'], string> = {
  ceiling: '#4e79a7',
  'raw-client': '#f28e2b',
  'raw-client-decoding': '#edc948',
  'messaging-path': '#59a14f',
};

const WIDTH = 960;
const HEIGHT = 420;
const PLOT = { left: 70, right: 20, top: 50, bottom: 70 };
const BAR = 18;
const GAP = 4;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Bars per broker, per layer, publish (solid) and consume (light), on a log scale: the layers differ
 * by orders of magnitude. Hand-written SVG, no chart library.
 */
export function throughputChart(results: BrokerBenchResult[]): string {
  const values = results
    .flatMap((result) => result.layers.flatMap((layer) => [layer.publishPerSecond, layer.consumePerSecond]))
    .filter((value): value is number => typeof value === 'number' && value > 0);
  const low = Math.floor(Math.log10(Math.min(...values, 100)));
  const high = Math.ceil(Math.log10(Math.max(...values, 1_000)));
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (value: number) => PLOT.top + plotHeight * (1 - (Math.log10(value) - low) / (high - low));
  const groupWidth = (WIDTH - PLOT.left - PLOT.right) / Math.max(results.length, 1);
  const parts: string[] = [];

  parts.push(
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
      'Throughput per layer (messages/s, log scale): publish solid, consume light</text>',
  );
  for (let power = low; power <= high; power += 1) {
    const lineY = y(10 ** power).toFixed(1);
    parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${lineY}" y2="${lineY}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${PLOT.left - 6}" y="${lineY}" text-anchor="end" dominant-baseline="middle" font-size="11">${rate(10 ** power)}</text>`,
    );
  }
  results.forEach((result, groupIndex) => {
    const barsWidth = LAYERS.length * 2 * BAR + (LAYERS.length - 1) * GAP * 3;
    let x = PLOT.left + groupIndex * groupWidth + (groupWidth - barsWidth) / 2;
    LAYERS.forEach((layerName) => {
      const layer = result.layers.find((entry) => entry.layer === layerName);
      for (const [index, value] of [layer?.publishPerSecond, layer?.consumePerSecond].entries()) {
        const title = `${BROKER_NAMES[result.broker]}, ${LAYER_NAMES[layerName]}, ${index === 0 ? 'publish' : 'consume'}`;
        if (value) {
          const top = y(value);
          parts.push(
            `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${BAR}" height="${(PLOT.top + plotHeight - top).toFixed(1)}" ` +
              `fill="${COLOURS[layerName]}" fill-opacity="${index === 0 ? 1 : 0.45}"><title>${escape(title)}: ${rate(value)}/s</title></rect>`,
          );
          parts.push(
            `<text x="${(x + BAR / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="8">${compact(value)}</text>`,
          );
        } else {
          parts.push(
            `<text x="${(x + BAR / 2).toFixed(1)}" y="${PLOT.top + plotHeight - 4}" text-anchor="middle" font-size="8">n/a</text>`,
          );
        }
        x += BAR;
      }
      x += GAP * 3;
    });
    const centre = PLOT.left + groupIndex * groupWidth + groupWidth / 2;
    parts.push(
      `<text x="${centre.toFixed(1)}" y="${PLOT.top + plotHeight + 20}" text-anchor="middle" font-size="13">${escape(BROKER_NAMES[result.broker])}</text>`,
    );
  });
  LAYERS.forEach((layerName, index) => {
    const x = PLOT.left + index * 200;
    const legendY = HEIGHT - 22;
    parts.push(`<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[layerName]}"/>`);
    parts.push(`<text x="${x + 18}" y="${legendY}" font-size="12">${escape(LAYER_NAMES[layerName])}</text>`);
  });
  parts.push(
    `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${PLOT.top + plotHeight}" y2="${PLOT.top + plotHeight}" stroke="#333"/>`,
  );
  return svgDocument(WIDTH, HEIGHT, parts);
}

/** 12345 -> "12.3k": bar labels must fit a bar's width. */
function compact(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1_000) return `${(value / 1_000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  return String(value);
}
