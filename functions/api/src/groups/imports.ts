import { importBodyLimit, registerImportRoutes } from '../routes/imports.ts';
import type { RouteGroup } from '../routing.ts';

/** Bulk import of a body's priorities or work programme (CSV or JSON), with its own 1 MB body limit. */
export const importRoutes: RouteGroup = ({ app, routes, deps }) => {
  app.use('/v1/areas/:areaId/organisations/:organisationId/*', importBodyLimit());
  registerImportRoutes(routes, deps);
};
