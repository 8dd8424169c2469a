import 'reflect-metadata';
import { bootstrapService, exitOnConfigurationError, loadServiceConfig } from '#runtime';
import { AppModule } from './app.module.js';

const config = exitOnConfigurationError(() => loadServiceConfig('inventory-service', { port: 3001 }));
await bootstrapService(AppModule.register(config), config);
