import type { RouteGroup } from '../routing.ts';
import { registerPages } from '../pages/index.tsx';

/** The browser pages (server-rendered, no JavaScript). */
export const pageRoutes: RouteGroup = ({ app, deps }) => registerPages(app, deps);
