/**
 * The shape of `bench/results/<broker>.json`: what one `npm run bench` measured on one broker.
 * Every figure of one file comes from the same run, so the ratios between layers hold on a noisy machine.
 */
export type BenchBroker = 'kafka' | 'rabbitmq' | 'sqs';
export type BenchDatabase = 'sqlite' | 'postgres';

/** Where the run happened: figures mean nothing without it. */
export interface BenchMachine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
}

/** One layer's publish and consume throughput for the same N events of the same bytes. */
export interface ThroughputLayer {
  layer: 'ceiling' | 'raw-client' | 'raw-client-decoding' | 'messaging-path';
  /** False when the layer cannot be measured on this broker (e.g. the SQS emulator has no perf tool); `note` says why. */
  available: boolean;
  note?: string;
  /** The tool or client that measured it, e.g. "kafka-tools ProducerPerformance 4.1.0". */
  tool: string;
  events: number;
  publishPerSecond: number | null;
  consumePerSecond: number | null;
  /** CPU the bench process spent consuming, per event (absent in results from before it was measured). */
  consumeCpuUsPerEvent?: number | null;
}

/** CPU a process spent during a step, per settled order and as a share of one core. */
export interface ProcessCpu {
  process: string;
  cpuMsPerOrder: number;
  coreShare: number;
}

/** p50 and p99 of one hop of the flow, in milliseconds. */
export interface HopPercentiles {
  p50Ms: number;
  p99Ms: number;
}

/**
 * Where the end-to-end time of a step's orders went, from the services' own outbox and inbox
 * timestamps (ms resolution). A relay marks a row published once the broker confirmed it, so a
 * delivery hop can come out below zero when the consumer was quicker than that mark.
 */
export interface FlowHops {
  /** Settled orders whose four hops all carry their timestamps. */
  orders: number;
  /** order-service's relay: order.created stored with the order until the broker confirmed it. */
  orderCreatedPublish: HopPercentiles;
  /** From that confirmation until inventory-service's handler recorded order.created. */
  toInventory: HopPercentiles;
  /** inventory-service's relay: its answer stored until the broker confirmed it. */
  answerPublish: HopPercentiles;
  /** From that confirmation until order-service's handler settled the order. */
  toOrderService: HopPercentiles;
}

/** One second of an open-loop load: the answers to the requests that were due in it. */
export interface LatencySecond {
  /** Seconds from the load's start. */
  second: number;
  answered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * One constant-rate step of the full flow (both services, open-loop HTTP load). The p99.9, worst second
 * and series are absent from results written before they were measured.
 */
export interface FullFlowStep {
  targetRate: number;
  durationSeconds: number;
  placed: number;
  settled: number;
  achievedRate: number;
  postP50Ms: number;
  postP99Ms: number;
  postP999Ms?: number;
  /** The second of the load whose POST p99 was the worst: what a client of an unlucky second met. */
  worstSecond?: LatencySecond;
  /** From the order's createdAt to its settled updatedAt, the services' own timestamps. */
  endToEndP50Ms: number;
  endToEndP99Ms: number;
  endToEndP999Ms?: number;
  /** Orders still PENDING when the step's settle window closed. */
  backlogAtEnd: number;
  /** Non-201 answers and transport errors. */
  errors: number;
  cpu: ProcessCpu[];
  hops: FlowHops;
  /** POST latency second by second of the load, by due time (a stall shows in its second). */
  latencySeries?: LatencySecond[];
}

/** A figure over repeated runs: their median, and the lowest and highest run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many runs it is over. */
  runs: number;
}

export interface FullFlowResult {
  database: BenchDatabase;
  /**
   * Which repetition of the database's full flow this is, from 1, in the order measured (databases
   * alternate: sqlite 1, postgres 1, sqlite 2, ...). Absent in results written before repetitions.
   */
  repetition?: number;
  /** One order at a time, no load: POST to settled, median over the samples. */
  singleOrderSettleP50Ms: number;
  steps: FullFlowStep[];
  /** Highest step rate with end-to-end p99 < 250 ms and no backlog left, or null if none. */
  sustainedRate: number | null;
  /** CPU profiles written with --profile, relative to the repository. */
  profiles: string[];
}

/**
 * f: what logs, metrics and traces cost the flow. The same constant-rate step on SQLite twice, in one
 * run: `off` with LOG_LEVEL=warn and tracing off (what the other full-flow steps run with), `on` with
 * one log line per request at info and every span exported over OTLP (to a receiver in the bench).
 * Metrics are on in both: the services have no switch for them.
 */
/** One full-flow step with observability off and the same step with it on. */
export interface ObservabilityPair {
  off: FullFlowStep;
  on: FullFlowStep;
  /** Both services' CPU per order, `on` over `off`, minus one, in percent. */
  servicesCpuCostPercent: number | null;
}

export interface ObservabilityCost {
  database: BenchDatabase;
  /** Measured off, on, on, off (one pair with --quick), so that a drift of the machine cancels out. */
  pairs: ObservabilityPair[];
  /** Spans the services exported during the `on` runs (their warm-ups and single orders included). */
  spansExported: number;
  /** Mean CPU per order of both services, `on` runs over `off` runs, minus one, in percent (goal: at most 10). */
  servicesCpuCostPercent: number | null;
}

/**
 * g: does a second and third inventory-service instance buy throughput? The full flow on PostgreSQL
 * (which instances sharing a database need), order-service one instance throughout, at the same rates.
 */
export interface ScaleOutRun {
  inventoryInstances: number;
  /** As in FullFlowResult: the highest step with end-to-end p99 < 250 ms and no backlog left, or null. */
  sustainedRate: number | null;
  /** The highest step with no backlog left and at least 80% of its rate placed (the full flow climbs past it), or null. */
  highestKeptUpRate: number | null;
  /** CPU per order: `inventory-service` is all its instances together. */
  steps: FullFlowStep[];
}

export interface ScaleOut {
  database: 'postgres';
  /** MESSAGING_PREFETCH of every process in every run, lowered so that all their pools fit PostgreSQL's connections. */
  messagingPrefetch: number;
  /** In the order measured: 1, 3, 3, 1 instances (1, 3 with --quick), so that a drift of the machine cancels out. */
  runs: ScaleOutRun[];
}

/** One cold start: both services fresh on new databases, stock seeded, then open-loop load at once. */
export interface ColdStartRun {
  /** From spawning both services to both answering /health/ready. */
  readyAfterMs: number;
  placed: number;
  errors: number;
  postP50Ms: number;
  postP99Ms: number;
  /** The second whose POST p99 was the worst; absent when the load had no second. */
  worstSecond?: LatencySecond;
  /** Orders still PENDING 15 s after the last answer. */
  backlogAtEnd: number;
  /** POST latency second by second of the load, by due time. */
  series: LatencySecond[];
}

/**
 * A fresh instance's first seconds, as in a rolling deploy or a scale-out: the same constant rate from
 * the moment both services are ready, on SQLite, repeated.
 */
export interface ColdStart {
  database: 'sqlite';
  ratePerSecond: number;
  durationSeconds: number;
  /** What a cold start should stay within: POST p99, and the p99 of its worst second. */
  target: { postP99Ms: number; worstSecondP99Ms: number };
  /** In the order measured. */
  runs: ColdStartRun[];
  /** Median and range of the runs' POST p99. */
  postP99Ms: Spread;
  /** Median and range of the p99 of each run's worst second. */
  worstSecondP99Ms: Spread;
  /** Runs with no error, POST p99 and worst second within the target. */
  runsWithinTarget: number;
}

export interface BrokerBenchResult {
  broker: BenchBroker;
  startedAt: string;
  quick: boolean;
  machine: BenchMachine;
  /** Size of the CloudEvent every layer sends. */
  eventBytes: number;
  layers: ThroughputLayer[];
  ratios: {
    /** The project's messaging path over the raw client (goal: 0.8 or more). */
    messagingOverRaw: { publish: number | null; consume: number | null };
    /**
     * Consuming, over the raw client that also decodes and validates each event (goal: 0.8 or more).
     * Both raw variants publish alike: publishing compares with messagingOverRaw.
     */
    messagingOverRawDecoding?: { consume: number | null };
    /** CPU per consumed event the messaging path spends beyond that raw client, in µs (goal: 40 or less). */
    consumeCpuUsBeyondRawDecoding?: number | null;
    /** The raw client over the broker's own tool. */
    rawOverCeiling: { publish: number | null; consume: number | null };
  };
  /** Every repetition of every database, in the order measured. */
  fullFlow: FullFlowResult[];
  /** Absent when the `obs` layer was not run. */
  observabilityCost?: ObservabilityCost;
  /** Absent when the `scale` layer was not run. */
  scaleOut?: ScaleOut;
  /** Absent when the `cold` layer was not run. */
  coldStart?: ColdStart;
}
