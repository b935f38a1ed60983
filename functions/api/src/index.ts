export { createApp, type HubApp } from './app.ts';
export { hashKey, isAdministratorKey, newApiKey } from './auth.ts';
export { wireInProcessConnectors } from './connector-meetings.ts';
export { createConnectorSweep } from './connector-schedule.ts';
export type { ApiDeps, Logger } from './deps.ts';
export { API_INFO } from './groups/docs.ts';
export {
  allRoutes,
  bodyPageRoutes,
  calendarRoutes,
  connectorRoutes,
  coreRoutes,
  declaringRoutes,
  docsRoutes,
  feedRoutes,
  importRoutes,
  PUBLISHED_OPENAPI_FILE,
  pageRoutes,
  partnerRoutes,
  publishedDocsRoutes,
  subscriptionLinkRoutes,
  subscriptionRoutes,
  trackerPageRoutes,
} from './groups/index.ts';
export { routeSpecsOf } from './groups/specs.ts';
export { wireOpenIdConnect } from './oidc.ts';
export { createOverdueCheck } from './overdue-check.ts';
export { localAssetsDir } from './pages/index.tsx';
export { BODIES_PER_PAGE, pageCount } from './pages/overview-filters.ts';
export { wirePeople } from './people.ts';
export { LIMIT_NAMES, type RateLimitPolicy, wireRequestLimits } from './rate-limits.ts';
export { buildOpenApiDocument } from './routes/openapi.ts';
export type { RouteGroup } from './routing.ts';
export { type ApiConfig, wireApi } from './wiring.ts';
