import type { FullFlowStep } from '../bench-result.js';
import { describeScaleOutRun, scaleOutInstanceCounts, scaleOutRun } from './scale-out.js';

const hop = { p50Ms: 1, p99Ms: 2 };

function step(targetRate: number, achievedRate: number, backlogAtEnd: number, endToEndP99Ms = 100): FullFlowStep {
  return {
    targetRate,
    durationSeconds: 3,
    placed: Math.round(achievedRate * 3),
    settled: Math.round(achievedRate * 3) - backlogAtEnd,
    achievedRate,
    postP50Ms: 5,
    postP99Ms: 20,
    endToEndP50Ms: 40,
    endToEndP99Ms,
    backlogAtEnd,
    errors: 0,
    cpu: [
      { process: 'order-service', cpuMsPerOrder: 1.944, coreShare: 0.5 },
      { process: 'inventory-service', cpuMsPerOrder: 1.5, coreShare: 0.4 },
      { process: 'postgresql', cpuMsPerOrder: 2.1, coreShare: 0.5 },
    ],
    hops: { orders: 1, orderCreatedPublish: hop, toInventory: hop, answerPublish: hop, toOrderService: hop },
  };
}

describe('scale-out layer', () => {
  it('runs 1 then 3 instances, and in full mode back again, so that a drift cancels out', () => {
    expect(scaleOutInstanceCounts(true)).toEqual([1, 3]);
    expect(scaleOutInstanceCounts(false)).toEqual([1, 3, 3, 1]);
  });

  it('keeps up with a step that left no backlog and placed at least 80% of its rate, sustained or not', () => {
    const steps = [step(250, 250, 0, 300), step(500, 420, 0, 900), step(750, 500, 12)];
    const run = scaleOutRun(3, { sustainedRate: null, steps });
    expect(run).toEqual({ inventoryInstances: 3, sustainedRate: null, highestKeptUpRate: 500, steps });
  });

  it('kept up with nothing when even the first step fell behind', () => {
    expect(scaleOutRun(1, { sustainedRate: null, steps: [step(250, 150, 40)] }).highestKeptUpRate).toBeNull();
  });

  it('describes a run: its headline, then each step with the CPU of order-service, inventory-service and PostgreSQL', () => {
    const lines = describeScaleOutRun(scaleOutRun(3, { sustainedRate: 250, steps: [step(250, 249.8, 0)] }));
    expect(lines).toEqual([
      '  3 inventory-service instances: sustained 250/s, kept up with 250/s',
      '    250/s: achieved 249.8/s, end-to-end p50 40 / p99 100 ms, backlog 0, CPU ms per order ' +
        'order-service / inventory-service / postgresql: 1.94 / 1.50 / 2.10',
    ]);
  });
});
