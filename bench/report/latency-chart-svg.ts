import type { LatencySecond } from '../bench-result.js';
import { svgDocument } from './svg-document.js';

/** One line of a panel: a step's (or a run's) POST p99, second by second. */
export interface LatencyLine {
  label: string;
  series: LatencySecond[];
}

/** Its file name beside the results. */
export const LATENCY_CHART = 'latency.svg';

export interface LatencyPanel {
  title: string;
  lines: LatencyLine[];
}

const PANEL = { width: 440, height: 250 };
const PLOT = { left: 52, right: 92, top: 30, bottom: 34 };
const HEADER = 34;
/** Where a client starts to notice, and the full flow's sustained limit (end-to-end p99 < 250 ms). */
const REFERENCE_MS = 250;
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const at = (value: number) => value.toFixed(1);

/**
 * POST p99 per second of each load, a row of panels per broker, one line per step (or cold-start run).
 * The y axis is logarithmic and shared by every panel, so that a 5 ms step and a 5 s stall both read and
 * panels compare; a second in which nothing was answered leaves a gap. Hand-written SVG, no chart library.
 */
export function latencyChart(rows: LatencyPanel[][]): string {
  const columns = Math.max(1, ...rows.map((row) => row.length));
  const width = columns * PANEL.width;
  const height = HEADER + Math.max(1, rows.length) * PANEL.height;
  const answered = rows
    .flat()
    .flatMap((panel) => panel.lines.flatMap((line) => line.series))
    .filter((second) => second.answered > 0 && second.p99Ms > 0)
    .map((second) => second.p99Ms);
  const low = Math.floor(Math.log10(Math.min(...answered, 10)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...answered, 1_000))));
  const parts = [
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">` +
      'POST p99 per second of the load (ms, log scale), by the second each request was due</text>',
  ];
  if (answered.length === 0) {
    parts.push(
      `<text x="${width / 2}" y="${HEADER + 40}" text-anchor="middle" font-size="13">no series measured</text>`,
    );
  }
  rows.forEach((row, rowIndex) =>
    row.forEach((panel, columnIndex) =>
      parts.push(...panelParts(panel, columnIndex * PANEL.width, HEADER + rowIndex * PANEL.height, low, high)),
    ),
  );
  return svgDocument(width, height, parts);
}

function panelParts(panel: LatencyPanel, x0: number, y0: number, low: number, high: number): string[] {
  const left = x0 + PLOT.left;
  const right = x0 + PANEL.width - PLOT.right;
  const top = y0 + PLOT.top;
  const bottom = y0 + PANEL.height - PLOT.bottom;
  const lastSecond = Math.max(1, ...panel.lines.map((line) => line.series.length - 1));
  const x = (second: number) => left + ((right - left) * second) / lastSecond;
  const y = (ms: number) => bottom - ((bottom - top) * (Math.log10(ms) - low)) / (high - low);
  const parts = [
    `<text x="${at(x0 + PANEL.width / 2)}" y="${at(y0 + 18)}" text-anchor="middle" font-size="12" font-weight="bold">${escape(panel.title)}</text>`,
  ];
  for (let power = low; power <= high; power += 1) {
    const lineY = at(y(10 ** power));
    parts.push(`<line x1="${at(left)}" x2="${at(right)}" y1="${lineY}" y2="${lineY}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${at(left - 4)}" y="${lineY}" text-anchor="end" dominant-baseline="middle" font-size="10">${(10 ** power).toLocaleString('en-US')}</text>`,
    );
  }
  if (REFERENCE_MS > 10 ** low && REFERENCE_MS < 10 ** high) {
    const lineY = at(y(REFERENCE_MS));
    parts.push(
      `<line x1="${at(left)}" x2="${at(right)}" y1="${lineY}" y2="${lineY}" stroke="#999" stroke-dasharray="4 3"/>`,
    );
    parts.push(
      `<text x="${at(left + 3)}" y="${at(y(REFERENCE_MS) - 3)}" font-size="9" fill="#777">${REFERENCE_MS} ms</text>`,
    );
  }
  const tick = lastSecond <= 10 ? 1 : lastSecond <= 50 ? 5 : 10;
  for (let second = 0; second <= lastSecond; second += tick) {
    parts.push(
      `<text x="${at(x(second))}" y="${at(bottom + 14)}" text-anchor="middle" font-size="10">${second}</text>`,
    );
  }
  parts.push(
    `<text x="${at((left + right) / 2)}" y="${at(bottom + 28)}" text-anchor="middle" font-size="10">seconds into the load</text>`,
  );
  parts.push(`<line x1="${at(left)}" x2="${at(right)}" y1="${at(bottom)}" y2="${at(bottom)}" stroke="#333"/>`);
  panel.lines.forEach((line, index) => {
    const colour = COLOURS[index % COLOURS.length];
    for (const segment of answeredSegments(line.series)) {
      const points = segment.map((second) => `${at(x(second.second))},${at(y(second.p99Ms))}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
      for (const second of segment) {
        parts.push(
          `<circle cx="${at(x(second.second))}" cy="${at(y(second.p99Ms))}" r="2" fill="${colour}">` +
            `<title>${escape(line.label)}, second ${second.second}: p99 ${second.p99Ms} ms, max ${second.maxMs} ms, ` +
            `${second.answered} answered</title></circle>`,
        );
      }
    }
    const legendY = top + 6 + index * 15;
    parts.push(
      `<line x1="${at(right + 8)}" x2="${at(right + 24)}" y1="${at(legendY)}" y2="${at(legendY)}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<text x="${at(right + 28)}" y="${at(legendY)}" dominant-baseline="middle" font-size="10">${escape(line.label)}</text>`,
    );
  });
  return parts;
}

/** The runs of consecutive seconds that had answers: a second without any breaks the line. */
function answeredSegments(series: LatencySecond[]): LatencySecond[][] {
  const segments: LatencySecond[][] = [];
  let current: LatencySecond[] = [];
  for (const second of series) {
    if (second.answered > 0 && second.p99Ms > 0) {
      current.push(second);
    } else if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}
