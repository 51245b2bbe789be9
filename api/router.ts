import { OpenAPIHono } from '@hono/zod-openapi';
import { invalid, zodIssues } from './errors';
import type { AppEnv } from './types';

/** Every router reports validation failures the same way: 400 naming each offending field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(zodIssues(result.error));
    },
  });
}
