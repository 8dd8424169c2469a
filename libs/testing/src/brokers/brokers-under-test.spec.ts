import { brokersUnderTest } from './brokers-under-test.js';

describe('E2E_BROKERS', () => {
  it('is every broker when unset or empty', () => {
    expect(brokersUnderTest(undefined)).toEqual(['kafka', 'rabbitmq', 'sqs']);
    expect(brokersUnderTest(' ')).toEqual(['kafka', 'rabbitmq', 'sqs']);
  });

  it('narrows to the brokers it names, spaces allowed', () => {
    expect(brokersUnderTest('rabbitmq')).toEqual(['rabbitmq']);
    expect(brokersUnderTest('kafka, sqs')).toEqual(['kafka', 'sqs']);
  });

  it('refuses a name that is not a broker, rather than running nothing', () => {
    expect(() => brokersUnderTest('rabbit')).toThrow('E2E_BROKERS names rabbit: the brokers are kafka, rabbitmq, sqs');
  });
});
