import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '#runtime';
import { AppModule } from './app.module.js';

const config = loadServiceConfig('inventory-service', { port: 3001 });
await bootstrapService(AppModule.register(config), config);
