import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '#runtime';
import { AppModule } from './app.module.js';

const config = loadServiceConfig('order-service', { port: 3000 });
await bootstrapService(AppModule.register(config), config);
