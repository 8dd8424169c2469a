import { ConfigurationError } from '#config';
import { tracingRequested } from './tracing.js';

describe('tracingRequested', () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

  it('runs when an OTEL_ variable is set, and not without one', () => {
    expect(tracingRequested(endpoint)).toBe(true);
    expect(tracingRequested({})).toBe(false);
  });

  it.each(['true', 'TRUE', 'yes', '1'])('is off with OTEL_SDK_DISABLED=%p, read as every boolean is', (raw) => {
    expect(tracingRequested({ ...endpoint, OTEL_SDK_DISABLED: raw })).toBe(false);
  });

  it.each(['false', 'no', '0', ''])('stays on with OTEL_SDK_DISABLED=%p', (raw) => {
    expect(tracingRequested({ ...endpoint, OTEL_SDK_DISABLED: raw })).toBe(true);
  });

  it('refuses an OTEL_SDK_DISABLED that is not a boolean, naming it', () => {
    expect(() => tracingRequested({ ...endpoint, OTEL_SDK_DISABLED: 'maybe' })).toThrow(ConfigurationError);
    expect(() => tracingRequested({ ...endpoint, OTEL_SDK_DISABLED: 'maybe' })).toThrow(/^OTEL_SDK_DISABLED must be/);
  });
});
