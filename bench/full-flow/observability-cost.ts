import type { BenchBroker, FullFlowStep, ObservabilityCost } from '../bench-result.js';
import { OtlpReceiver } from '#testing';
import { measureFullFlow } from './index.js';

const SERVICES = ['order-service', 'inventory-service'];

export interface ObservabilityCostOptions {
  broker: BenchBroker;
  quick: boolean;
  progress: (line: string) => void;
}

/**
 * Layer f: one full-flow step at the rate the goal names (1,000 orders/s; 250 with --quick), first with
 * observability off, then on, on SQLite, so that the two differ in nothing else.
 */
export async function measureObservabilityCost(options: ObservabilityCostOptions): Promise<ObservabilityCost> {
  const rates = [options.quick ? 250 : 1_000];
  const run = (observability?: Record<string, string>) =>
    measureFullFlow({ ...options, database: 'sqlite', profile: false, rates, observability });
  options.progress('observability off (LOG_LEVEL=warn, no tracing) ...');
  const off = onlyStep(await run());
  const receiver = await OtlpReceiver.start();
  try {
    options.progress('observability on (a log line per request, every span exported over OTLP) ...');
    const on = onlyStep(await run(receiver.environment));
    const cost = servicesCpu(off) > 0 ? (servicesCpu(on) / servicesCpu(off) - 1) * 100 : null;
    options.progress(
      `observability costs the services ${cost === null ? 'n/a' : `${cost.toFixed(1)}%`} of CPU per order ` +
        `(${servicesCpu(off).toFixed(3)} -> ${servicesCpu(on).toFixed(3)} ms); ${receiver.spans.length} spans exported`,
    );
    return {
      database: 'sqlite',
      off,
      on,
      spansExported: receiver.spans.length,
      servicesCpuCostPercent: cost === null ? null : Math.round(cost * 10) / 10,
    };
  } finally {
    await receiver.close();
  }
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
