import { Module } from '@nestjs/common';
import { composeServiceModule } from './compose-service-module.js';
import { loadServiceConfig } from './service.config.js';

@Module({})
class FeatureModule {}

@Module({})
class RootModule {}

describe('composeServiceModule', () => {
  it('composes a service libs/events declares, with its feature', () => {
    const module = composeServiceModule(RootModule, loadServiceConfig('inventory-service', { port: 0 }, {}), {
      feature: FeatureModule,
      migrations: {},
    });
    expect(module.module).toBe(RootModule);
    expect(module.imports).toContain(FeatureModule);
  });

  it('refuses a service whose events libs/events does not declare, naming where to declare them', () => {
    expect(() =>
      composeServiceModule(RootModule, loadServiceConfig('billing-service', { port: 0 }, {}), {
        feature: FeatureModule,
        migrations: {},
      }),
    ).toThrow('billing-service publishes and consumes nothing: declare it in libs/events');
  });
});
