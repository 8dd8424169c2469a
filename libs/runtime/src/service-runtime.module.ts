import { TRANSIENT_ERROR_CLASSIFIER } from '#messaging';
import { isDatabaseOutage } from '#persistence';
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GracefulShutdown } from './graceful-shutdown.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { SERVICE_CONFIG, type ServiceConfig } from './service.config.js';

/** What every service has besides its domain: its config, health and metrics endpoints and the shutdown sequence. */
@Module({})
export class ServiceRuntimeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      // Global so that guards anywhere (AdminTokenGuard) can read the config.
      global: true,
      imports: [TerminusModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        // Event handlers retry a database outage for as long as it lasts, instead of dead-lettering the event.
        { provide: TRANSIENT_ERROR_CLASSIFIER, useValue: isDatabaseOutage },
        GracefulShutdown,
      ],
      exports: [SERVICE_CONFIG, TRANSIENT_ERROR_CLASSIFIER],
    };
  }
}
