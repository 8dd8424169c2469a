/** Why a message is being dead-lettered, carried with it as headers. */
export interface DeliveryFailure {
  reason: 'MALFORMED' | 'INVALID' | 'UNHANDLED_TYPE' | 'HANDLER_FAILED';
  error: string;
  attempts: number;
}

/**
 * A message that no retry can fix (unreadable bytes, a schema violation, a type nobody handles):
 * it goes to dead letter at once.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
  constructor(
    readonly reason: Exclude<DeliveryFailure['reason'], 'HANDLER_FAILED'>,
    message: string,
  ) {
    super(message);
  }
}
