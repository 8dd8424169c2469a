import amqp, { type ChannelModel } from 'amqplib';

type SocketOptions = Parameters<typeof amqp.connect>[1];

/**
 * How long a node may take to accept a connection and finish the AMQP handshake. A node stopped with
 * SIGSTOP (or cut off after accepting) still completes the TCP connect, and without a bound the
 * handshake waits for it for as long as it hangs, while the next node in RABBITMQ_URL is never tried.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A connection to the first node of RABBITMQ_URL that accepts one, in the order given; if none does,
 * the error names what each said. (The consumer and the publisher reconnect through the same list on
 * their own: amqp-connection-manager moves to the next URL when one fails.)
 */
export async function connectToFirst(urls: string[], options?: SocketOptions): Promise<ChannelModel> {
  const refusals: string[] = [];
  for (const url of urls) {
    try {
      return await amqp.connect(url, { timeout: CONNECT_TIMEOUT_MS, ...options });
    } catch (error) {
      refusals.push(`${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no RabbitMQ node accepted a connection (${refusals.join('; ')})`);
}
