import type { BrokerTestParts } from '../broker-parts.js';
import { SqsBrokerAdmin } from './sqs.broker-admin.js';
import { SqsBrokerControl } from './sqs.broker-control.js';
import { SqsRawClient } from './sqs.raw-client.js';

export const sqsTestBroker: BrokerTestParts = {
  rawClient: ({ sqs }) => new SqsRawClient(sqs),
  control: ({ sqs }) => new SqsBrokerControl(sqs.endpoint),
  admin: ({ sqs }) => new SqsBrokerAdmin(sqs),
};
