import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { AppEnv } from './types';

export interface FieldIssue {
  field: string;
  message: string;
}

/** Every error leaves the API as `{ error: { code, message, field?, issues? }, requestId }`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(status, { message });
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const invalid = (issues: FieldIssue[]) =>
  new ApiError(400, 'invalid_request', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
}

export function errorBody(c: Context<AppEnv>, code: string, message: string, issues: FieldIssue[] = []) {
  return {
    error: { code, message, ...(issues.length ? { field: issues[0].field, issues } : {}) },
    requestId: c.get('requestId'),
  };
}

export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof ApiError) return c.json(errorBody(c, error.code, error.message, error.issues), error.status);
  if (error instanceof HTTPException) {
    // Hono's own validators: malformed JSON and the like are the client's fault, said in the client's terms.
    const message = error.message || 'request rejected';
    if (error.status !== 400) return c.json(errorBody(c, 'http_error', message), error.status);
    // Hono refuses what it cannot parse (malformed JSON) as a whole: the field at fault is the body.
    return c.json(errorBody(c, 'invalid_request', message, [{ field: '(body)', message }]), 400);
  }
  const logger = c.get('logger');
  if (logger) logger.error({ path: c.req.path, err: error }, 'unhandled error');
  else
    console.error(
      JSON.stringify({ level: 'error', requestId: c.get('requestId'), path: c.req.path, error: error.message, stack: error.stack }),
    );
  return c.json(errorBody(c, 'internal_error', 'internal error; the request id identifies it in our logs'), 500);
}
