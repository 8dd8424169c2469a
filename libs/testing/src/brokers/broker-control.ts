/** Faults a test can inflict on the broker that is running on this machine, and their repair. */
export interface BrokerControl {
  /** Stops the broker abruptly (Kafka: SIGKILL of the JVM; RabbitMQ: stop_app). */
  stop(): Promise<void>;
  /** Starts it again and waits until it serves clients. */
  start(): Promise<void>;
  /** Freezes the broker's process (SIGSTOP): connections stay open, nothing answers. */
  hang(): Promise<void>;
  /** Thaws it (SIGCONT). */
  resume(): Promise<void>;
}
