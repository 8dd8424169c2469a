import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GracefulShutdown } from './graceful-shutdown.js';
import { HealthController } from './health.controller.js';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config.js';

/** What every service has besides its domain: its config, health endpoints and the shutdown sequence. */
@Module({})
export class ServiceRuntimeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      // Global so that guards anywhere (AdminTokenGuard) can read the config.
      global: true,
      imports: [TerminusModule],
      controllers: [HealthController],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }, GracefulShutdown],
      exports: [SERVICE_CONFIG],
    };
  }
}
