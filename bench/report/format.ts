import type { Spread } from '../bench-result.js';

export const LAYER_NAMES = {
  ceiling: 'a. broker ceiling',
  'raw-client': 'b. raw client',
  'raw-client-decoding': 'b. raw client, decoding and validating each event',
  'messaging-path': 'c. messaging path',
} as const;

export const BROKER_NAMES = { kafka: 'Kafka', rabbitmq: 'RabbitMQ', sqs: 'SNS/SQS (emulator)' } as const;

/** 12345 -> "12,345"; null -> "–". */
export const rate = (value: number | null | undefined) => (value ? value.toLocaleString('en-US') : '–');
export const times = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value.toFixed(2)}x`;

/**
 * A figure over repeated runs: "25 (20-31)", the median and the lowest-highest run; over one run "25";
 * over none "–". The range is there whenever there are several runs, even when they agree.
 */
export function withRange(spread: Spread | undefined, format: (value: number) => string = wholeMs): string {
  if (!spread) return '–';
  const median = format(spread.median);
  return spread.runs > 1 ? `${median} (${format(spread.min)}-${format(spread.max)})` : median;
}

/** Only the median of a figure over repeated runs; "–" over none. */
export function medianOf(spread: Spread | undefined, format: (value: number) => string = wholeMs): string {
  return spread ? format(spread.median) : '–';
}

export const wholeMs = (value: number) => value.toFixed(0);
