import { loadHttpApiConfig } from './http-api.config.js';

describe('loadHttpApiConfig', () => {
  const token = 'a-long-enough-admin-token-0123456789';

  it('defaults to docs on, no token (development) and a 24-hour key retention', () => {
    expect(loadHttpApiConfig({})).toEqual({ apiDocs: true, adminToken: undefined, idempotencyKeyRetentionHours: 24 });
  });

  it('reads API_DOCS, ADMIN_TOKEN and IDEMPOTENCY_KEY_RETENTION_HOURS', () => {
    expect(
      loadHttpApiConfig({ API_DOCS: 'false', ADMIN_TOKEN: token, IDEMPOTENCY_KEY_RETENTION_HOURS: '0.5' }),
    ).toEqual({ apiDocs: false, adminToken: token, idempotencyKeyRetentionHours: 0.5 });
  });

  it('takes the default retention of 24 hours when IDEMPOTENCY_KEY_RETENTION_HOURS is blank, as every number does', () => {
    expect(loadHttpApiConfig({ IDEMPOTENCY_KEY_RETENTION_HOURS: ' ' }).idempotencyKeyRetentionHours).toBe(24);
  });

  it.each([
    ['yes', true],
    ['1', true],
    ['No', false],
    ['0', false],
    ['', true],
    [' ', true],
  ])('reads API_DOCS=%p as every boolean is read: docs %p', (raw, apiDocs) => {
    expect(loadHttpApiConfig({ API_DOCS: raw }).apiDocs).toBe(apiDocs);
  });

  it('refuses to start in production without ADMIN_TOKEN, and says why', () => {
    expect(() => loadHttpApiConfig({ NODE_ENV: 'production' })).toThrow(
      /ADMIN_TOKEN must be set when NODE_ENV=production/,
    );
    expect(() => loadHttpApiConfig({ NODE_ENV: 'production', ADMIN_TOKEN: '' })).toThrow(/ADMIN_TOKEN must be set/);
    expect(loadHttpApiConfig({ NODE_ENV: 'production', ADMIN_TOKEN: token }).adminToken).toBe(token);
  });

  it.each([
    [{ API_DOCS: 'maybe' }, /^API_DOCS must be true or false \(or 1\/0, yes\/no, on\/off, in any case\); got "maybe"$/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be 16 to 512 characters/],
    [{ ADMIN_TOKEN: 'has spaces in it, so not a bearer token' }, /ADMIN_TOKEN may contain only/],
    [{ IDEMPOTENCY_KEY_RETENTION_HOURS: '0' }, /IDEMPOTENCY_KEY_RETENTION_HOURS must be a number from 0.01 to 87600/],
    [{ IDEMPOTENCY_KEY_RETENTION_HOURS: 'a day' }, /IDEMPOTENCY_KEY_RETENTION_HOURS/],
    [{ IDEMPOTENCY_KEY_RETENTION_HOURS: '87601' }, /IDEMPOTENCY_KEY_RETENTION_HOURS/],
  ])('refuses %j', (env, message) => {
    expect(() => loadHttpApiConfig(env)).toThrow(message);
  });
});
