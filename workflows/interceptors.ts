/**
 * Workflow interceptors, bundled with the workflows (worker/build-bundle.ts, worker/index.ts): every log line
 * a workflow emits carries its organization, and every activity it schedules gets the organization in a
 * header, so the activity's log lines carry it too (worker/logging.ts). Generic over workflow types: the
 * organization is the BillingOrgId search attribute once upserted, else the `orgId` of the first argument.
 *
 * The SDK writes "Workflow started" before any interceptor sees the arguments: that line has workflowId only.
 * Headers are not part of Temporal's determinism checks, so adding this to a running deployment is safe.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { workflowInfo, type Headers, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { searchAttributes } from './definitions';

/** The activity header carrying the organization id (a JSON string payload). */
export const ORG_ID_HEADER = 'billing-org-id';

export function orgIdOfArgs(args: readonly unknown[]): string | undefined {
  const first = args[0] as { orgId?: unknown } | null | undefined;
  return first && typeof first === 'object' && typeof first.orgId === 'string' ? first.orgId : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  let orgIdFromInput: string | undefined;
  const orgId = (): string | undefined => {
    const attribute = workflowInfo().typedSearchAttributes.get(searchAttributes.orgId);
    return attribute ?? orgIdFromInput;
  };
  const withOrgHeader = <T extends { headers: Headers }>(input: T): T => {
    const id = orgId();
    return id ? { ...input, headers: { ...input.headers, [ORG_ID_HEADER]: defaultPayloadConverter.toPayload(id) } } : input;
  };
  return {
    inbound: [
      {
        async execute(input, next) {
          orgIdFromInput = orgIdOfArgs(input.args);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(attributes, next) {
          const id = orgId();
          return next(id ? { ...attributes, orgId: id } : attributes);
        },
        scheduleActivity: (input, next) => next(withOrgHeader(input)),
        scheduleLocalActivity: (input, next) => next(withOrgHeader(input)),
      },
    ],
  };
};
