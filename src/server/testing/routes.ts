/** Test helper: the routes an app registered. */
import type { FastifyInstance } from 'fastify';

/** One registered route: a method and its URL pattern ("/api/threads/:id/report"). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route an app registered, read from `app.printRoutes()` (a tree: "├── /api/threads (GET, HEAD)", children
 * indented by four characters), so a test that loops over them covers routes added later.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const url = (depth === 0 ? '' : prefixes[depth - 1]!) + match[2]!;
    prefixes[depth] = url;
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}
