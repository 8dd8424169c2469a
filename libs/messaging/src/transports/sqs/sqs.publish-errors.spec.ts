import { isPublishRefused } from '../../publish-refused.js';
import { failedEntryError, publishFailure } from './sqs.publish-errors.js';

/** An SDK exception as @aws-sdk/client-sns rejects with it. */
const sdkError = (name: string, fault: 'client' | 'server') =>
  Object.assign(new Error(`${name} from SNS`), { name, $fault: fault });

describe('SNS publish failures', () => {
  it('refuses for good an entry SNS failed through the sender’s fault (a message over 256 KiB, as the emulator answers it)', () => {
    const failure = failedEntryError('InvalidParameter', 'Message too long', true);
    expect(isPublishRefused(failure)).toBe(true);
    expect(failure.message).toBe('SNS refused the message: InvalidParameter: Message too long');
  });

  it('retries an entry failed by throttling or by SNS itself', () => {
    expect(isPublishRefused(failedEntryError('Throttled', 'Rate exceeded', true))).toBe(false);
    expect(isPublishRefused(failedEntryError('InternalError', undefined, false))).toBe(false);
  });

  it('refuses for good a request SNS rejects for rights or parameters, and retries the rest', () => {
    for (const name of ['AuthorizationErrorException', 'InvalidParameterException', 'KMSAccessDeniedException'])
      expect(isPublishRefused(publishFailure(sdkError(name, 'client')))).toBe(true);
    for (const error of [
      sdkError('ThrottledException', 'client'),
      sdkError('NotFoundException', 'client'),
      sdkError('InternalErrorException', 'server'),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ])
      expect(publishFailure(error)).toBe(error);
  });
});
