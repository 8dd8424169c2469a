import type { BrokerBenchResult, FullFlowResult, FullFlowStep } from '../bench-result.js';
import { latencyPanels } from './latency-panels.js';

function step(targetRate: number, worstP99: number, withSeries = true): FullFlowStep {
  const second = { second: 0, answered: targetRate, p50Ms: 5, p99Ms: worstP99, maxMs: worstP99 };
  return {
    targetRate,
    postP99Ms: worstP99,
    ...(withSeries ? { worstSecond: second, latencySeries: [second] } : {}),
  } as FullFlowStep;
}

const flow = (database: 'sqlite' | 'postgres', repetition: number, steps: FullFlowStep[]) =>
  ({ database, repetition, steps }) as FullFlowResult;

const result = (fullFlow: FullFlowResult[], coldStart?: BrokerBenchResult['coldStart']) =>
  ({ broker: 'kafka', fullFlow, coldStart }) as BrokerBenchResult;

describe('per-second chart panels', () => {
  it("draws, of a step's runs, the one whose worst second is the median", () => {
    const [[panel]] = latencyPanels([
      result([
        flow('sqlite', 1, [step(250, 900)]),
        flow('sqlite', 2, [step(250, 40)]),
        flow('sqlite', 3, [step(250, 60)]),
      ]),
    ]);
    expect(panel.title).toBe('Kafka, sqlite: full-flow steps, median run of each');
    expect(panel.lines).toHaveLength(1);
    expect(panel.lines[0].label).toBe('250/s (run 3)');
    expect(panel.lines[0].series[0].p99Ms).toBe(60);
  });

  it('gives each database a panel of its own, a line per step, and the cold start a line per run', () => {
    const coldRun = { series: [{ second: 0, answered: 300, p50Ms: 9, p99Ms: 80, maxMs: 90 }] };
    const [row] = latencyPanels([
      result([flow('sqlite', 1, [step(250, 10), step(500, 20)]), flow('postgres', 1, [step(250, 30)])], {
        ratePerSecond: 300,
        runs: [coldRun, coldRun],
      } as unknown as BrokerBenchResult['coldStart']),
    ]);
    expect(row.map((panel) => panel.title)).toEqual([
      'Kafka, sqlite: full-flow steps',
      'Kafka, postgres: full-flow steps',
      'Kafka: cold start, 300/s from ready',
    ]);
    expect(row[0].lines.map((line) => line.label)).toEqual(['250/s', '500/s']);
    expect(row[2].lines.map((line) => line.label)).toEqual(['run 1', 'run 2']);
  });

  it('draws nothing for results written before the series was measured', () => {
    expect(latencyPanels([result([flow('sqlite', 1, [step(250, 10, false)])])])).toEqual([]);
  });
});
