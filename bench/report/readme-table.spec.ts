import type { BrokerBenchResult, FullFlowStep, ScaleOutRun } from '../bench-result.js';
import { resultsTable } from './readme-table.js';

function result(broker: BrokerBenchResult['broker'], runs?: Array<Omit<ScaleOutRun, 'steps'>>): BrokerBenchResult {
  return {
    broker,
    startedAt: '2026-12-04T05:36:00.000Z',
    quick: false,
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, node: 'v20', os: 'Linux' },
    eventBytes: 423,
    layers: [],
    ratios: { messagingOverRaw: { publish: null, consume: null }, rawOverCeiling: { publish: null, consume: null } },
    fullFlow: [],
    ...(runs
      ? {
          scaleOut: {
            database: 'postgres',
            messagingPrefetch: 16,
            runs: runs.map((run) => ({ ...run, steps: [] as FullFlowStep[] })),
          },
        }
      : {}),
  };
}

const scaleRow = (table: string) => table.split('\n').find((line) => line.startsWith('| g. '));

describe('README table, layer g (scale-out)', () => {
  it('shows each instance count with every run of it: sustained / highest step kept up with', () => {
    const kafka = result('kafka', [
      { inventoryInstances: 1, sustainedRate: null, highestKeptUpRate: 250 },
      { inventoryInstances: 3, sustainedRate: 250, highestKeptUpRate: 1_000 },
      { inventoryInstances: 3, sustainedRate: 500, highestKeptUpRate: 750 },
      { inventoryInstances: 1, sustainedRate: 250, highestKeptUpRate: null },
    ]);
    expect(scaleRow(resultsTable([kafka, result('rabbitmq')]))).toBe(
      '| g. full flow on PostgreSQL, 1 vs 3 inventory-service instances (orders/s sustained / highest step kept up with, per run) ' +
        '| 1 instance: none / 250, 250 / none; 3 instances: 250 / 1,000, 500 / 750 | not run |',
    );
  });

  it('leaves the row out when no broker ran the layer', () => {
    expect(scaleRow(resultsTable([result('kafka'), result('sqs')]))).toBeUndefined();
  });
});
