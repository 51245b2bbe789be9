import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { billingWorkflowId, searchAttributes } from '../workflows/definitions';

/**
 * Whether the organization's billing workflow wants to hear that its balance grew: it owes something, or it
 * is in the middle of a step (a workflow task, or an activity such as the payment-problem notice that follows
 * a close which found the balance short: what it owes is published only once the step is over). Most
 * credits reach an organization that owes nothing, and telling it would cost it a workflow task for
 * nothing. Only reads (describe): the top-up workflow itself sends the signal when this says yes.
 */
export function billingAttention(temporal: Client) {
  return async function billingAwaitsFunds(orgId: string): Promise<boolean> {
    try {
      const { status, raw, typedSearchAttributes } = await temporal.workflow.getHandle(billingWorkflowId(orgId)).describe();
      if (status.name !== 'RUNNING') return false;
      const owes = typedSearchAttributes.get(searchAttributes.amountDue);
      const busy = (raw.pendingWorkflowTask !== null && raw.pendingWorkflowTask !== undefined) || (raw.pendingActivities ?? []).length > 0;
      return owes !== 0 || busy;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  };
}
