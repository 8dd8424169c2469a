import type { BrokerBenchResult, ThroughputLayer } from './bench-result.js';

type Layers = ThroughputLayer[];
const find = (layers: Layers, layer: ThroughputLayer['layer']) =>
  layers.find((entry) => entry.layer === layer && entry.available);

function ratio(top: number | null | undefined, bottom: number | null | undefined): number | null {
  if (!top || !bottom) return null;
  return Math.round((top / bottom) * 100) / 100;
}

function difference(top: number | null | undefined, bottom: number | null | undefined): number | null {
  if (top === null || top === undefined || bottom === null || bottom === undefined) return null;
  return Math.round((top - bottom) * 10) / 10;
}

/** Layer e: each layer over the one beneath it, from the same run. */
export function layerRatios(layers: Layers): BrokerBenchResult['ratios'] {
  const [ceiling, raw, decoding, path] = [
    find(layers, 'ceiling'),
    find(layers, 'raw-client'),
    find(layers, 'raw-client-decoding'),
    find(layers, 'messaging-path'),
  ];
  return {
    messagingOverRaw: {
      publish: ratio(path?.publishPerSecond, raw?.publishPerSecond),
      consume: ratio(path?.consumePerSecond, raw?.consumePerSecond),
    },
    messagingOverRawDecoding: { consume: ratio(path?.consumePerSecond, decoding?.consumePerSecond) },
    consumeCpuUsBeyondRawDecoding: difference(path?.consumeCpuUsPerEvent, decoding?.consumeCpuUsPerEvent),
    rawOverCeiling: {
      publish: ratio(raw?.publishPerSecond, ceiling?.publishPerSecond),
      consume: ratio(raw?.consumePerSecond, ceiling?.consumePerSecond),
    },
  };
}
