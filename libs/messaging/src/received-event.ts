/** An incoming event after its envelope and data were validated. */
export interface ReceivedEvent<T> {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  /** The trace context to give the events this one causes (the handling span's, when tracing runs). */
  traceparent?: string;
  tracestate?: string;
  data: T;
}
