import type { BrokerName } from '#messaging';

/** Brokers the e2e suites run on: all by default, or E2E_BROKERS=kafka to narrow a local run. */
export const BROKERS_UNDER_TEST = (process.env.E2E_BROKERS ?? 'kafka,rabbitmq,sqs').split(',') as BrokerName[];
