import type { BrokerTestParts } from '../broker-parts.js';
import { RabbitmqBrokerAdmin } from './rabbitmq.broker-admin.js';
import { RabbitmqBrokerControl } from './rabbitmq.broker-control.js';
import { RabbitmqRawClient } from './rabbitmq.raw-client.js';

export const rabbitmqTestBroker: BrokerTestParts = {
  rawClient: ({ rabbitmqUrl }) => new RabbitmqRawClient(rabbitmqUrl),
  // rabbitmqctl acts on the local node, whatever RABBITMQ_URL names.
  control: () => new RabbitmqBrokerControl(),
  admin: ({ rabbitmqUrl }) => new RabbitmqBrokerAdmin(rabbitmqUrl),
};
