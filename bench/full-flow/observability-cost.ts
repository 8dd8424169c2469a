import type { BenchBroker, FullFlowStep, ObservabilityCost, ObservabilityPair } from '../bench-result.js';
import { OtlpReceiver } from '#testing';
import { measureFullFlow } from './index.js';

const SERVICES = ['order-service', 'inventory-service'];

export interface ObservabilityCostOptions {
  broker: BenchBroker;
  quick: boolean;
  progress: (line: string) => void;
}

/**
 * Layer f: one full-flow step at the rate the goal names (1,000 orders/s; 250 with --quick) with
 * observability off and on, on SQLite, so that the two differ in nothing else. Measured off, on, on,
 * off: this machine's speed drifts by more than the cost measured, and the order cancels a steady drift.
 */
export async function measureObservabilityCost(options: ObservabilityCostOptions): Promise<ObservabilityCost> {
  const rates = [options.quick ? 250 : 1_000];
  const receiver = await OtlpReceiver.start();
  const run = async (on: boolean) => {
    options.progress(
      on
        ? 'observability on (a log line per request, every span exported over OTLP) ...'
        : 'observability off (LOG_LEVEL=warn, no tracing) ...',
    );
    const observability = on ? receiver.environment : undefined;
    return onlyStep(await measureFullFlow({ ...options, database: 'sqlite', profile: false, rates, observability }));
  };
  try {
    const pairs: ObservabilityPair[] = [];
    const first = { off: await run(false), on: await run(true) };
    pairs.push(pairOf(first.off, first.on));
    if (!options.quick) {
      const on = await run(true);
      pairs.push(pairOf(await run(false), on));
    }
    const cost = percentMore(
      mean(pairs.map(({ on }) => servicesCpu(on))),
      mean(pairs.map(({ off }) => servicesCpu(off))),
    );
    pairs.forEach(({ off, on, servicesCpuCostPercent }) =>
      options.progress(
        `observability off -> on: ${servicesCpu(off).toFixed(3)} -> ${servicesCpu(on).toFixed(3)} ms of the services' CPU per order (${format(servicesCpuCostPercent)})`,
      ),
    );
    options.progress(
      `observability costs the services ${format(cost)} of CPU per order; ${receiver.spans.length} spans exported`,
    );
    return { database: 'sqlite', pairs, spansExported: receiver.spans.length, servicesCpuCostPercent: cost };
  } finally {
    await receiver.close();
  }
}

function pairOf(off: FullFlowStep, on: FullFlowStep): ObservabilityPair {
  return { off, on, servicesCpuCostPercent: percentMore(servicesCpu(on), servicesCpu(off)) };
}

function onlyStep(run: { steps: FullFlowStep[] }): FullFlowStep {
  const [step] = run.steps;
  if (!step) throw new Error('the full flow measured no step');
  return step;
}

/** Both services' CPU per settled order, in ms. */
function servicesCpu(step: FullFlowStep): number {
  return step.cpu
    .filter((entry) => SERVICES.includes(entry.process))
    .reduce((sum, entry) => sum + entry.cpuMsPerOrder, 0);
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** How much more `on` is than `off`, in percent to one decimal; null when nothing was measured. */
function percentMore(on: number, off: number): number | null {
  return off > 0 ? Math.round((on / off - 1) * 1000) / 10 : null;
}

function format(percent: number | null): string {
  return percent === null ? 'n/a' : `${percent > 0 ? '+' : ''}${percent}%`;
}
