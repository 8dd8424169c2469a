import type { BrokerConnections } from '#messaging';
import type { BrokerAdmin } from './broker-admin.js';
import type { BrokerControl } from './broker-control.js';
import type { RawBrokerClient } from './raw-broker-client.js';

/**
 * What one broker's folder gives the tests, the demo and the bench. Every folder has the same files
 * and roles: `<broker>.raw-client.ts` (a plain client, as a service in another language would use it),
 * `.broker-control.ts` (faults on the local broker), `.broker-admin.ts` (consumers, lag, cleanup) and
 * `.broker.ts` (these parts, for the registry), as libs/messaging's transports/<broker>/ folders do.
 */
export interface BrokerTestParts {
  rawClient(connections: BrokerConnections): RawBrokerClient;
  control(connections: BrokerConnections): BrokerControl;
  admin(connections: BrokerConnections): BrokerAdmin;
}
