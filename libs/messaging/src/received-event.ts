/** An incoming event after its envelope and data were validated. */
export interface ReceivedEvent<T> {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  traceparent?: string;
  data: T;
}
