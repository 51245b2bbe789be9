import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ApiError } from './errors';

/** An update refused by the workflow's validator carries an ApplicationFailure; say it in HTTP terms. */
export function updateFailureToApiError(error: unknown): never {
  const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (failure instanceof ApplicationFailure) {
    if (failure.type === 'Conflict') throw new ApiError(409, 'conflict', failure.message);
    if (failure.type === 'InvalidInput') throw new ApiError(400, 'invalid_request', failure.message);
    if (failure.type === 'NotFound') throw new ApiError(404, 'not_found', failure.message);
  }
  throw error;
}
