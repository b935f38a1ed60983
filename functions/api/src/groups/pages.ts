import { registerPages } from '../pages/index.tsx';
import type { RouteGroup } from '../routing.ts';

/** The browser pages (server-rendered, no JavaScript). */
export const pageRoutes: RouteGroup = ({ app, deps }) => registerPages(app, deps);
