/**
 * SNS topic names allow letters, digits, '-' and '_' only: every other character of the event type
 * becomes '_' (`order.created` -> topic `order_created`).
 */
export const topicName = (type: string) => type.replace(/[^A-Za-z0-9_-]/g, '_');

/** One SQS queue per consuming service, named after it. */
export const serviceQueueName = (service: string) => service;

/** SQS queue names allow letters, digits, '-' and '_' only: `inventory-service` -> `inventory-service-dlq`. */
export const deadLetterQueueName = (service: string) => `${service}-dlq`;
