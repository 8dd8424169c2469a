import 'reflect-metadata';
import { bootstrapService, exitOnConfigurationError, loadServiceConfig } from '#runtime';
import { AppModule } from './app.module.js';

const config = exitOnConfigurationError(() => loadServiceConfig('order-service', { port: 3000 }));
await bootstrapService(AppModule.register(config), config);
