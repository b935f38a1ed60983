export { createApp, type HubApp } from './app.ts';
export { wireApi, apiConfigFromEnv, required, type ApiConfig } from './wiring.ts';
export { hashKey, newApiKey } from './auth.ts';
export type { ApiDeps, Logger } from './deps.ts';
