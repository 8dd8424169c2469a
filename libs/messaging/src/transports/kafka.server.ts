import { ServerKafka } from '@nestjs/microservices';

/**
 * Nest's Kafka server; a topic is an event type, a plain name. Nest would first try each incoming
 * pattern as JSON (for object patterns, which this project never uses), throwing and catching a
 * SyntaxError for every message.
 */
export class EventTypeServerKafka extends ServerKafka {
  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }
}
