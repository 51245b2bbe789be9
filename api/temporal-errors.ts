import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_HTTP, isFailureType } from '../domain/errors';
import { ApiError } from './errors';

/**
 * An update refused by the workflow's validator, or failed by its handler (directly, or by an activity it
 * ran), carries an ApplicationFailure somewhere in its causes (a refusal of the code activities share is
 * one itself); say it in HTTP terms.
 */
export function updateFailureToApiError(error: unknown): never {
  const cause = updateRefusal(error);
  if (cause && isFailureType(cause.type)) {
    const { status, code } = FAILURE_HTTP[cause.type];
    throw new ApiError(status, code, cause.message, fieldIssues(status, cause.message));
  }
  throw error;
}

/**
 * Workflow refusals say "field: what is wrong" (validators name the field first, as the API's own issues do):
 * an invalid request names that field in `error.field`.
 */
function fieldIssues(status: number, message: string) {
  const field = status === 400 ? /^([A-Za-z][\w.[\]-]*): /.exec(message)?.[1] : undefined;
  return field ? [{ field, message: message.slice(field.length + 2) }] : [];
}

/** The ApplicationFailure inside an update's failure (its validator's refusal, or its handler's), if any. */
export function updateRefusal(error: unknown): ApplicationFailure | undefined {
  let cause = error instanceof WorkflowUpdateFailedError ? error.cause : error instanceof ApplicationFailure ? error : undefined;
  while (cause && !(cause instanceof ApplicationFailure)) cause = cause.cause instanceof Error ? cause.cause : undefined;
  return cause;
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
