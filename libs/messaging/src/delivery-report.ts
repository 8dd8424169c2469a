import type { Logger } from '@nestjs/common';
import type { DeliveryFailure } from './delivery-failure.js';
import type { ConsumptionOutcome, MessagingMetrics } from './messaging.metrics.js';

/** The message as a log line may name it: what its envelope says, when it could be read. */
interface MessageIdentity {
  id?: string;
  subject?: string;
}

/**
 * What one delivery tells about itself as it goes: each retry, then how it ended, as metrics and as
 * one debug line (type, id, subject, attempts, outcome).
 */
export class DeliveryReport {
  private readonly startedAt = performance.now();

  constructor(
    private readonly metrics: MessagingMetrics,
    private readonly logger: Logger,
    private readonly type: string,
    private readonly message: MessageIdentity,
  ) {}

  retried(): void {
    this.metrics.retried(this.type);
  }

  settled(outcome: Exclude<ConsumptionOutcome, 'retried'>, attempts: number, reason?: DeliveryFailure['reason']): void {
    this.metrics.settled(this.type, outcome, this.startedAt, reason);
    this.logger.debug({
      msg: 'event consumed',
      type: this.type,
      id: this.message.id,
      subject: this.message.subject,
      attempts,
      outcome,
      ...(reason ? { reason } : {}),
    });
  }
}

/** The id and subject of a decoded envelope; nothing of a message that could not be read. */
export function identityOf(data: unknown): MessageIdentity {
  const { id, subject } = (data ?? {}) as { id?: unknown; subject?: unknown };
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof subject === 'string' ? { subject } : {}),
  };
}
