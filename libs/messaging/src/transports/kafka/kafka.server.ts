import { ServerKafka } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';

/**
 * Nest's Kafka server; a topic is an event type, a plain name. Nest would first try each incoming
 * pattern as JSON (for object patterns, which this project never uses), throwing and catching a
 * SyntaxError for every message.
 */
export class EventTypeServerKafka extends ServerKafka {
  private stopped = false;

  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  /** Takes no more records from `topics` (shutdown); records being handled still finish. */
  stopConsuming(topics: string[]): void {
    this.stopped = true;
    try {
      this.consumer?.pause(topics.map((topic) => ({ topic })));
    } catch {
      // kafkajs refuses to pause a consumer that is not running yet; bindEvents will not start it.
    }
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    if (this.stopped) return;
    await super.bindEvents(consumer);
  }
}
