import { performance } from 'node:perf_hooks';
import { LoadConnection, type RequestOutcome } from './load-connection.js';

export interface ConstantRateOptions {
  port: number;
  host?: string;
  /** Request bytes, sent in turn: request i is requests[i % length]. */
  requests: Buffer[];
  ratePerSecond: number;
  durationSeconds: number;
  /** Connections opened at most; beyond them requests wait (and their latency counts the wait). */
  maxConnections?: number;
  /** How long answers may still come after the last request was due; later ones count as errors. */
  drainTimeoutMs?: number;
}

export interface ConstantRateResult {
  sent: number;
  /** Answers with this status (201 for a placed order). */
  succeeded: number;
  /** Other statuses and transport errors (including requests unanswered at the drain deadline). */
  errors: number;
  /** What the errors were, e.g. { "500": 3, "connection closed": 1 }. */
  errorKinds: Record<string, number>;
  /** Of the successful answers, from when the request was due to when its answer was complete. */
  latenciesMs: Float64Array;
  /** Request i's latency at index i, NaN where it failed: which second of the load each answer was due in. */
  latencyByRequestMs: Float64Array;
  /** From the first request being due to the last answer. */
  elapsedSeconds: number;
  connectionsOpened: number;
}

/**
 * Open-loop constant-rate load: request i is due at start + i/rate whatever happened to the ones before
 * it, and its latency runs from that due time, so a slow service cannot slow the load down and hide its
 * own queueing (autocannon's overallRate sends each connection's share of a second back to back at the
 * start of that second and times from the actual send, which is neither constant nor open-loop).
 */
export async function runConstantRate(options: ConstantRateOptions, success = 201): Promise<ConstantRateResult> {
  const { port, requests, ratePerSecond, durationSeconds } = options;
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 1024;
  const total = Math.round(ratePerSecond * durationSeconds);
  const intervalMs = 1_000 / ratePerSecond;

  const idle: LoadConnection[] = [];
  const all = new Set<LoadConnection>();
  const waiting: number[] = [];
  const latencies = new Float64Array(total);
  const latencyByRequest = new Float64Array(total).fill(Number.NaN);
  const errorKinds: Record<string, number> = {};
  let sent = 0;
  let succeeded = 0;
  let answered = 0;
  let connectionsOpened = 0;
  let lastAnswerAt = 0;
  let allAnswered: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allAnswered = resolve));

  const start = performance.now();
  const dueAt = (index: number) => start + index * intervalMs;

  let drained = false;
  const record = (index: number, outcome: RequestOutcome) => {
    if (drained) return; // closed by us at the drain deadline: already counted as unanswered
    lastAnswerAt = performance.now();
    if ('status' in outcome && outcome.status === success) {
      latencyByRequest[index] = lastAnswerAt - dueAt(index);
      latencies[succeeded++] = latencyByRequest[index];
    } else {
      const kind = 'status' in outcome ? String(outcome.status) : outcome.error;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
    if (++answered === total) allAnswered();
  };

  const onClose = (connection: LoadConnection) => {
    all.delete(connection);
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    // The server closed it: a waiting request takes the place it left.
    const next = waiting.shift();
    if (next === undefined) return;
    const replacement = freeConnection();
    if (replacement) dispatch(next, replacement);
    else waiting.unshift(next);
  };

  const freeConnection = (): LoadConnection | undefined => {
    while (idle.length > 0) {
      const connection = idle.shift()!;
      if (connection.usable) return connection;
    }
    if (all.size >= maxConnections) return undefined;
    const connection = new LoadConnection(port, host, onClose);
    all.add(connection);
    connectionsOpened += 1;
    return connection;
  };

  const dispatch = (index: number, connection: LoadConnection) => {
    connection.send(requests[index % requests.length], (outcome) => {
      record(index, outcome);
      // Oldest waiting request first; otherwise the connection goes to the back of the idle queue,
      // so all of them stay in use and none idles into the server's keep-alive timeout.
      if (!connection.usable) return;
      const next = waiting.shift();
      if (next !== undefined) dispatch(next, connection);
      else idle.push(connection);
    });
  };

  // A timer per request would cost more than the request; a short tick sends whatever has come due.
  const tickMs = Math.min(5, Math.max(1, intervalMs));
  await new Promise<void>((loadSent) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        const index = sent++;
        const connection = freeConnection();
        if (connection) dispatch(index, connection);
        else waiting.push(index);
      }
      if (sent >= total) {
        clearInterval(timer);
        loadSent();
      }
    };
    const timer = setInterval(tick, tickMs);
    tick();
  });

  const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([finished, new Promise((resolve) => (drainTimer = setTimeout(resolve, drainTimeoutMs)))]);
  clearTimeout(drainTimer);
  drained = true;
  const unanswered = total - answered;
  if (unanswered > 0) errorKinds['no answer before the drain deadline'] = unanswered;
  for (const connection of all) connection.close();

  return {
    sent,
    succeeded,
    errors: total - succeeded,
    errorKinds,
    latenciesMs: latencies.subarray(0, succeeded),
    latencyByRequestMs: latencyByRequest,
    elapsedSeconds: Math.max(durationSeconds, (lastAnswerAt - start) / 1_000),
    connectionsOpened,
  };
}
