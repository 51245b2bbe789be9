import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ApiError } from './errors';

const STATUS_OF = { Conflict: [409, 'conflict'], InvalidInput: [400, 'invalid_request'], NotFound: [404, 'not_found'] } as const;

/**
 * An update refused by the workflow's validator, or failed by its handler (directly, or by an activity it
 * ran), carries an ApplicationFailure somewhere in its causes; say it in HTTP terms.
 */
export function updateFailureToApiError(error: unknown): never {
  let cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  while (cause && !(cause instanceof ApplicationFailure)) cause = cause.cause instanceof Error ? cause.cause : undefined;
  const known = cause instanceof ApplicationFailure && cause.type ? STATUS_OF[cause.type as keyof typeof STATUS_OF] : undefined;
  if (known) throw new ApiError(known[0], known[1], cause!.message);
  throw error;
}

/** Sends an update: a workflow that is missing or closed answers `whenClosed()`, a refusal its HTTP status. */
export async function sendUpdate<T>(send: () => Promise<T>, whenClosed: () => ApiError): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw whenClosed();
    return updateFailureToApiError(error);
  }
}
