import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { ProviderErrorInfo } from './definitions';

/** What a failed activity said, for a workflow's status (the ApplicationFailure details carry the provider's code). */
export function failureInfo(error: unknown): ProviderErrorInfo {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as Partial<ProviderErrorInfo>;
    return {
      code: details.code ?? cause.type ?? 'Error',
      message: cause.message,
      ...(details.declineCode ? { declineCode: details.declineCode } : {}),
    };
  }
  return { code: 'Error', message: cause instanceof Error ? cause.message : String(cause) };
}
