import type { BrokerBenchResult, ThroughputLayer } from './bench-result.js';

type Layers = ThroughputLayer[];
const find = (layers: Layers, layer: ThroughputLayer['layer']) =>
  layers.find((entry) => entry.layer === layer && entry.available);

function ratio(top: number | null | undefined, bottom: number | null | undefined): number | null {
  if (!top || !bottom) return null;
  return Math.round((top / bottom) * 100) / 100;
}

/** Layer e: each layer over the one beneath it, from the same run. */
export function layerRatios(layers: Layers): BrokerBenchResult['ratios'] {
  const [ceiling, raw, path] = [find(layers, 'ceiling'), find(layers, 'raw-client'), find(layers, 'messaging-path')];
  return {
    messagingOverRaw: {
      publish: ratio(path?.publishPerSecond, raw?.publishPerSecond),
      consume: ratio(path?.consumePerSecond, raw?.consumePerSecond),
    },
    rawOverCeiling: {
      publish: ratio(raw?.publishPerSecond, ceiling?.publishPerSecond),
      consume: ratio(raw?.consumePerSecond, ceiling?.consumePerSecond),
    },
  };
}
