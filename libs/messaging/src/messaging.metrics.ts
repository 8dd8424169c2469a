import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';
import type { DeliveryFailure } from './delivery-failure.js';

export const EVENTS_CONSUMED = 'events_consumed_total';
export const EVENT_HANDLING_DURATION = 'event_handling_duration_seconds';
export const EVENTS_PUBLISHED = 'events_published_total';

/**
 * What came of one delivery: `handled` (acknowledged after its handler), `duplicate` (acknowledged,
 * the inbox had it already), `dead_lettered` (with its reason), `released` (given back at shutdown).
 * `retried` counts each further attempt of a delivery that then ends in one of the others.
 */
export type ConsumptionOutcome = 'handled' | 'duplicate' | 'retried' | 'dead_lettered' | 'released';

/** Handling times from 1 ms to 10 s: a unit of work commits in milliseconds, retries take seconds. */
const HANDLING_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Counts what the messaging path does, in prom-client's default registry (what GET /metrics serves);
 * the metrics are made once per process and shared by every application it starts. Event types are
 * labels only as a handler or the publisher declares them, never as a message claims: a hostile
 * producer cannot create label values.
 */
@Injectable()
export class MessagingMetrics {
  private readonly consumed =
    existing<Counter<'type' | 'outcome' | 'reason'>>(EVENTS_CONSUMED) ??
    new Counter({
      name: EVENTS_CONSUMED,
      help: 'Events consumed, by the event type its handler takes, outcome and dead-letter reason',
      labelNames: ['type', 'outcome', 'reason'],
    });

  private readonly handling =
    existing<Histogram<'type' | 'outcome'>>(EVENT_HANDLING_DURATION) ??
    new Histogram({
      name: EVENT_HANDLING_DURATION,
      help: 'Time from receiving an event to settling it (all attempts), by event type and outcome',
      labelNames: ['type', 'outcome'],
      buckets: HANDLING_BUCKETS,
    });

  private readonly publishedEvents =
    existing<Counter<'type'>>(EVENTS_PUBLISHED) ??
    new Counter({ name: EVENTS_PUBLISHED, help: 'Events the broker confirmed, by event type', labelNames: ['type'] });

  retried(type: string): void {
    this.consumed.inc({ type, outcome: 'retried', reason: '' });
  }

  /** One delivery settled: `startedAt` is its performance.now() when it was received. */
  settled(
    type: string,
    outcome: Exclude<ConsumptionOutcome, 'retried'>,
    startedAt: number,
    reason?: DeliveryFailure['reason'],
  ): void {
    this.consumed.inc({ type, outcome, reason: reason ?? '' });
    this.handling.observe({ type, outcome }, (performance.now() - startedAt) / 1_000);
  }

  published(type: string): void {
    this.publishedEvents.inc({ type });
  }
}

function existing<T>(name: string): T | undefined {
  return register.getSingleMetric(name) as T | undefined;
}
