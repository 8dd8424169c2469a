import type { ThroughputLayer } from '../bench-result.js';
import type { LayerContext } from '../layer-context.js';
import { kafkaRawClient } from './kafka-raw.js';
import { rabbitmqRawClient } from './rabbitmq-raw.js';
import type { RawConsumerWork } from './raw-consumer-work.js';
import { sqsRawClient } from './sqs-raw.js';

/**
 * Layer b: the broker's usual Node client, used for throughput with the services' guarantees; its
 * consumer either only counts deliveries or also decodes and validates each (see RawConsumerWork).
 */
export function measureRawClient(context: LayerContext, work: RawConsumerWork): Promise<ThroughputLayer> {
  switch (context.broker) {
    case 'kafka':
      return kafkaRawClient(context, work);
    case 'rabbitmq':
      return rabbitmqRawClient(context, work);
    case 'sqs':
      return sqsRawClient(context, work);
  }
}
