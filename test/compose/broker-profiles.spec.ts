import { BROKERS } from '#messaging';
import { compose, envExample } from './compose-file.js';

/** The services a profile starts: those without profiles, and those that list it. */
const enabledBy = (profile: string) =>
  Object.entries(compose.services)
    .filter(([, service]) => !service.profiles || service.profiles.includes(profile))
    .map(([name]) => name);
const brokersIn = (names: string[]) => names.filter((name) => (BROKERS as readonly string[]).includes(name));
const profiles = [...new Set(Object.values(compose.services).flatMap((service) => service.profiles ?? []))];

describe('docker-compose.yml: the broker is a profile', () => {
  it('has one service per broker, each behind the profile named after it', () => {
    for (const broker of BROKERS) {
      expect({ broker, profiles: compose.services[broker]?.profiles }).toEqual({
        broker,
        profiles: expect.arrayContaining([broker]),
      });
    }
  });

  it('starts no broker without a profile, and exactly one with each broker profile', () => {
    expect(brokersIn(enabledBy('no-such-profile'))).toEqual([]);
    for (const broker of BROKERS)
      expect({ broker, starts: brokersIn(enabledBy(broker)) }).toEqual({ broker, starts: [broker] });
  });

  it('never starts two brokers with one profile', () => {
    expect(profiles.length).toBeGreaterThan(0);
    for (const profile of profiles) {
      expect({ profile, brokers: brokersIn(enabledBy(profile)).length <= 1 }).toEqual({ profile, brokers: true });
    }
  });

  it('has .env.example enable the profile of the broker it sets', () => {
    expect(BROKERS).toContain(envExample.BROKER);
    expect(envExample.COMPOSE_PROFILES?.split(',')).toContain(envExample.BROKER);
    expect(brokersIn(envExample.COMPOSE_PROFILES!.split(',').flatMap(enabledBy))).toEqual([envExample.BROKER]);
  });
});
