import { pageKit } from '../pages/kit.tsx';
import { uploadPages } from '../pages/routes/upload.tsx';
import { importBodyLimit, registerImportRoutes } from '../routes/imports.ts';
import type { RouteGroup } from '../routing.ts';

/** Bulk import of a body's priorities or work programme (CSV or JSON), with its own 1 MB body limit. */
export const importRoutes: RouteGroup = ({ app, routes, deps }) => {
  app.use('/v1/areas/:areaId/organisations/:organisationId/*', importBodyLimit());
  registerImportRoutes(routes, deps);
};

/**
 * The upload page: the same import in a browser, for people signed in (on AWS a function of its own,
 * lambda-uploads.ts, with the people's stores wired). A page group: Hono serves it directly,
 * undeclared in the registry.
 */
export const uploadRoutes: RouteGroup = ({ app, deps }) => {
  app.route('/areas/:areaId/bodies', uploadPages(pageKit(deps)));
};
