import { getExternalWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';
import { billingWorkflowId } from './definitions';

/** Top-up workflows tell billing of a credit themselves (their history shows it); creditTopUp only says whether to. */
export const BILLING_TOLD_BY_THE_WORKFLOW = 'billing-told-by-the-workflow';

/**
 * Tells the organization's billing workflow something from another workflow, as a step of that workflow's
 * own history. False when no billing workflow runs (not started, or ended): there is nobody to tell.
 */
export async function tellBilling<Args extends unknown[]>(orgId: string, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(billingWorkflowId(orgId)).signal(signal, ...args);
    return true;
  } catch {
    return false;
  }
}
