import type { DeliveryFailure } from '../delivery-failure.js';

/** The same dead-letter headers on every broker, so one tool can list and replay them. */
export function deadLetterHeaders(
  failure: DeliveryFailure,
  origin: { destination: string; consumer: string },
): Record<string, string> {
  return {
    'x-dead-letter-reason': failure.reason,
    'x-dead-letter-error': failure.error.slice(0, 1000),
    'x-dead-letter-attempts': String(failure.attempts),
    'x-dead-letter-origin': origin.destination,
    'x-dead-letter-consumer': origin.consumer,
    'x-dead-letter-time': new Date().toISOString(),
  };
}
