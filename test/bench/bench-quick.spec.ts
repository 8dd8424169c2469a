import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrokerBenchResult } from '../../bench/bench-result.js';
import { describeOn } from '#testing';

const ROOT = resolve(import.meta.dirname, '../..');
/**
 * 170 s before the scale-out layer: its two quick runs add about 26 s here, up to 60 s beside a CI run.
 * The cold start adds one 3 s run of fresh services (it and a quick full flow on SQLite took 18 s together).
 */
const DEADLINE_MS = 240_000;
/** Every layer by default; BENCH_TEST_LAYERS narrows the run while working on one. */
const LAYERS = process.env.BENCH_TEST_LAYERS ?? 'ceiling,raw,path,flow,obs,scale,cold';

/** Runs `npm run bench -- <args>`, streaming its output to the test log; rejects past the deadline. */
function runBench(args: string[]): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npm', ['run', 'bench', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Streamed, never buffered: the bench's output only passes through.
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`npm run bench did not finish within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(code ?? -1);
    });
  });
}

describeOn('rabbitmq', 'npm run bench -- --quick --broker rabbitmq', () => {
  let resultsDir: string;

  beforeAll(async () => {
    resultsDir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
  });

  afterAll(async () => {
    await rm(resultsDir, { recursive: true, force: true });
  });

  it(
    'writes a complete result: every layer measured or said to be unavailable, ratios, full flow per database',
    async () => {
      const code = await runBench(['--quick', '--broker', 'rabbitmq', '--layers', LAYERS, '--results-dir', resultsDir]);
      expect(code).toBe(0);

      const result = JSON.parse(await readFile(join(resultsDir, 'rabbitmq.json'), 'utf8')) as BrokerBenchResult;
      expect(result.broker).toBe('rabbitmq');
      expect(result.quick).toBe(true);
      expect(result.eventBytes).toBeGreaterThan(300);
      expect(result.machine.cpus).toBeGreaterThan(0);
      expect(result.layers.map((layer) => layer.layer).sort()).toEqual([
        'ceiling',
        'messaging-path',
        'raw-client',
        'raw-client-decoding',
      ]);
      for (const layer of result.layers) {
        expect(layer.events).toBeGreaterThan(0);
        expect(layer.tool).not.toBe('');
        if (layer.available) {
          expect(layer.publishPerSecond).toBeGreaterThan(0);
          expect(layer.consumePerSecond).toBeGreaterThan(0);
          // Measured in this process for the consumers it runs; the ceiling is another process's.
          if (layer.layer !== 'ceiling') expect(layer.consumeCpuUsPerEvent).toBeGreaterThan(0);
        } else {
          expect(layer.note).toBeTruthy();
        }
      }
      // RabbitMQ has every layer, so every ratio is a number.
      for (const ratio of [result.ratios.messagingOverRaw, result.ratios.rawOverCeiling]) {
        expect(ratio.publish).toBeGreaterThan(0);
        expect(ratio.consume).toBeGreaterThan(0);
      }
      expect(result.ratios.messagingOverRawDecoding?.consume).toBeGreaterThan(0);
      expect(result.ratios.consumeCpuUsBeyondRawDecoding).toEqual(expect.any(Number));
      if (LAYERS.includes('flow')) {
        // --quick runs each database once (--repeat 1).
        expect(result.fullFlow.map((flow) => flow.database).sort()).toEqual(['postgres', 'sqlite']);
        for (const flow of result.fullFlow) {
          expect(flow.repetition).toBe(1);
          expect(flow.steps.length).toBeGreaterThan(0);
          expect(flow.singleOrderSettleP50Ms).toBeGreaterThan(0);
          for (const step of flow.steps) {
            expect(step.placed).toBeGreaterThan(0);
            expect(step.achievedRate).toBeGreaterThan(0);
            // Every settled order is followed through both relays and both handlers.
            expect(step.hops.orders).toBeGreaterThan(0);
            expect(step.hops.orders).toBeLessThanOrEqual(step.settled);
            // A relay marks a row published after storing it, on its own clock.
            expect(step.hops.orderCreatedPublish.p50Ms).toBeGreaterThanOrEqual(0);
            expect(step.hops.answerPublish.p50Ms).toBeGreaterThanOrEqual(0);
            // The tail and the step second by second: one entry per second of the load, the worst among them.
            expect(step.postP999Ms).toBeGreaterThanOrEqual(step.postP99Ms);
            expect(step.endToEndP999Ms).toBeGreaterThanOrEqual(step.endToEndP99Ms);
            expect(step.latencySeries!.map((second) => second.second)).toEqual(
              Array.from({ length: step.durationSeconds }, (_, second) => second),
            );
            expect(step.latencySeries!.reduce((sum, second) => sum + second.answered, 0)).toBe(step.placed);
            expect(step.worstSecond!.p99Ms).toBe(Math.max(...step.latencySeries!.map((second) => second.p99Ms)));
          }
        }
      }
      if (LAYERS.includes('obs')) {
        // The same step with observability off and on; on, the services exported their spans.
        const cost = result.observabilityCost!;
        expect(cost.pairs).toHaveLength(1);
        const [{ off, on }] = cost.pairs;
        expect(off.targetRate).toBe(on.targetRate);
        expect(off.placed).toBeGreaterThan(0);
        expect(on.placed).toBeGreaterThan(0);
        expect(cost.spansExported).toBeGreaterThanOrEqual(on.placed);
        expect(typeof cost.servicesCpuCostPercent).toBe('number');
      }
      if (LAYERS.includes('scale')) {
        // One run with one inventory-service instance, one with three, on PostgreSQL.
        const scaleOut = result.scaleOut!;
        expect(scaleOut.database).toBe('postgres');
        expect(scaleOut.runs.map((run) => run.inventoryInstances)).toEqual([1, 3]);
        for (const run of scaleOut.runs) {
          expect(run.steps.some((step) => step.placed > 0)).toBe(true);
          for (const step of run.steps) {
            // Every instance's CPU under the one name the docs' columns look for.
            const inventory = step.cpu.find((entry) => entry.process === 'inventory-service');
            expect(inventory?.cpuMsPerOrder).toBeGreaterThan(0);
          }
        }
      }
      if (LAYERS.includes('cold')) {
        // One cold start of 3 s with --quick: fresh services, load from their first ready second.
        const cold = result.coldStart!;
        expect(cold.runs).toHaveLength(1);
        const [run] = cold.runs;
        expect(run.readyAfterMs).toBeGreaterThan(0);
        expect(run.placed).toBeGreaterThan(0);
        expect(run.series).toHaveLength(cold.durationSeconds);
        expect(run.worstSecond!.p99Ms).toBe(Math.max(...run.series.map((second) => second.p99Ms)));
        expect(cold.postP99Ms).toEqual({ median: run.postP99Ms, min: run.postP99Ms, max: run.postP99Ms, runs: 1 });
        expect(cold.target).toEqual({ postP99Ms: 250, worstSecondP99Ms: 500 });
      }
      const chart = await readFile(join(resultsDir, 'chart.svg'), 'utf8');
      expect(chart).toContain('<svg');
    },
    DEADLINE_MS + 10_000,
  );
});
