// The bench talks to SNS/SQS with the same SDK clients (endpoint, credentials, timeouts) as the transport.
export { createAwsClients, destroyAwsClients, type AwsClients } from '#messaging/operator';
