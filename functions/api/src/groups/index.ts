import { coreRoutes } from './core.ts';
import { docsRoutes, publishedDocsRoutes, PUBLISHED_OPENAPI_FILE } from './docs.ts';
import { feedRoutes } from './feeds.ts';
import { importRoutes } from './imports.ts';
import { pageRoutes } from './pages.ts';

export { coreRoutes, docsRoutes, feedRoutes, importRoutes, pageRoutes, publishedDocsRoutes, PUBLISHED_OPENAPI_FILE };

/** Everything, in one app: the local run. The docs group comes last and documents all the others. */
export const allRoutes = [coreRoutes, importRoutes, feedRoutes, pageRoutes, docsRoutes] as const;
