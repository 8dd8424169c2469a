import { PublishRefused } from '../../publish-refused.js';

/**
 * SNS answers to a publish that no retry changes: the message or this service's rights are wrong for
 * the topic (too long, not authorised, a key it may not use). Everything else (throttling, SNS's own
 * faults, timeouts, the network, a topic that is being created again) is a passing state.
 */
const REFUSING_EXCEPTIONS = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'AuthorizationErrorException',
  'InvalidSecurityException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequiredException',
]);

/** An entry of a PublishBatch answer that SNS failed: refused for good when the sender is at fault, unless throttled. */
export function failedEntryError(
  code: string | undefined,
  message: string | undefined,
  senderFault: boolean | undefined,
) {
  const text = `SNS refused the message: ${code}: ${message ?? ''}`;
  return senderFault && !/throttl/i.test(code ?? '') ? new PublishRefused(text) : new Error(text);
}

/** The error a failed PublishBatch request rejects its emits with: a PublishRefused where SNS refused for good. */
export function publishFailure(error: unknown): unknown {
  const { name, $fault } = (error ?? {}) as { name?: string; $fault?: string };
  if ($fault !== 'client' || !REFUSING_EXCEPTIONS.has(name ?? '')) return error;
  return new PublishRefused(`SNS refused the message (${name}): ${(error as Error).message}`, { cause: error });
}
