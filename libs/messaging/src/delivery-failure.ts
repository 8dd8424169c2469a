/**
 * Why a message is being dead-lettered, carried with it as headers. MALFORMED: not an acceptable
 * CloudEvent (unreadable, too large, an attribute missing or wrong); INVALID: its data breaks the
 * type's contract; UNHANDLED_TYPE: a type this consumer does not handle; UNTRUSTED_SOURCE: its source
 * may not publish its type (MESSAGING_ALLOWED_SOURCES); HANDLER_FAILED: every attempt failed.
 */
export interface DeliveryFailure {
  reason: 'MALFORMED' | 'INVALID' | 'UNHANDLED_TYPE' | 'UNTRUSTED_SOURCE' | 'HANDLER_FAILED';
  error: string;
  attempts: number;
}

/**
 * A message that no retry can fix (unreadable bytes, a schema violation, a type nobody handles, an
 * untrusted source): it goes to dead letter at once.
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
