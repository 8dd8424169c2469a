import { execFileSync } from 'node:child_process';
import type { BrokerControl } from '../broker-control.js';
import { pidOf } from '../broker-process.js';

/** The local RabbitMQ node: stop_app / start_app keep its definitions and durable messages. */
export class RabbitmqBrokerControl implements BrokerControl {
  private readonly pid = () => pidOf('beam.smp.*rabbit');

  async stop(): Promise<void> {
    execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
  }

  async start(): Promise<void> {
    execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['await_startup'], { stdio: 'ignore' });
  }

  async hang(): Promise<void> {
    process.kill(this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(this.pid(), 'SIGCONT');
  }
}
