export const LAYER_NAMES = {
  ceiling: 'a. broker ceiling',
  'raw-client': 'b. raw client',
  'messaging-path': 'c. messaging path',
} as const;

export const BROKER_NAMES = { kafka: 'Kafka', rabbitmq: 'RabbitMQ', sqs: 'SNS/SQS (emulator)' } as const;

/** 12345 -> "12,345"; null -> "–". */
export const rate = (value: number | null | undefined) => (value ? value.toLocaleString('en-US') : '–');
export const times = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value.toFixed(2)}x`;
