import type { BrokerTransport, EventTraffic } from '../broker-transport.js';
import type { DeadLetterSource } from '../dead-letters/dead-letter-store.js';
import type { MessagingConfig } from '../messaging.config.js';

/**
 * What one broker's folder gives the rest of the project. Every folder has the same files and roles:
 * `<broker>.transport.ts` (the BrokerTransport), `.server.ts` / `.client.ts` (Nest's transport
 * strategy and client), `.codec.ts` (CloudEvent <-> wire), `.delivery.ts` (ack, release, dead letter),
 * `.topology.ts` (destinations created or checked), `.names.ts` (destination names), `.dead-letters.ts`
 * (the operator tool's view of its dead letters) and `.broker.ts` (these parts, for the registry).
 */
export interface BrokerParts {
  /** The transport of one service, given what it consumes and publishes. */
  createTransport(config: MessagingConfig, traffic: EventTraffic): BrokerTransport;
  /** The dead letters of the service `config` names; `consumedTypes` are the types it consumes. */
  openDeadLetters(config: MessagingConfig, consumedTypes: readonly string[]): DeadLetterSource;
}
