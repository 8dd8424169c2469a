import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { kafkaRawClient } from './kafka-raw.js';
import { rabbitmqRawClient } from './rabbitmq-raw.js';
import { sqsRawClient } from './sqs-raw.js';

/** Layer b: the broker's usual Node client, used for throughput with the services' guarantees. */
export function measureRawClient(context: LayerContext): Promise<ThroughputLayer> {
  switch (context.broker) {
    case 'kafka':
      return kafkaRawClient(context);
    case 'rabbitmq':
      return rabbitmqRawClient(context);
    case 'sqs':
      return sqsRawClient(context);
  }
}
