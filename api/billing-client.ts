/**
 * Starting and addressing organizations' billing workflows from the API (by name: the API never imports
 * workflow code). The settings come from configuration and travel with the workflow from cycle to cycle.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import {
  billingWorkflowId,
  paymentMethodChangedSignal,
  updateOrganizationUpdate,
  type BillingCycleInput,
  type BillingSettings,
  type BillingStatus,
  type OrganizationChange,
  type PaymentMethodChanged,
} from '../workflows/definitions';
import { conflict } from './errors';
import { sendUpdate } from './temporal-errors';

export function billingSettings(config: Config): BillingSettings {
  return {
    cycle: config.BILLING_CYCLE,
    warnBefore: config.BILLING_WARN_BEFORE,
    usageSettle: config.BILLING_USAGE_SETTLE,
    dunning: config.BILLING_DUNNING,
    suspendedRetry: config.BILLING_SUSPENDED_RETRY,
    activityTimeout: config.BILLING_ACTIVITY_TIMEOUT,
    cyclesPerRun: config.BILLING_CYCLES_PER_RUN,
  };
}

/**
 * Starts the organization's billing (its first cycle begins now). Idempotent: a retried activation finds
 * the running workflow instead of starting a second one.
 */
export async function startBilling(
  temporal: Client,
  config: Config,
  orgId: string,
  settings: BillingSettings = billingSettings(config),
): Promise<string> {
  const input: BillingCycleInput = { orgId, settings };
  const handle = await temporal.workflow.start('billingCycleWorkflow', {
    workflowId: billingWorkflowId(orgId),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return handle.workflowId;
}

/**
 * Tells the organization's billing workflow that its default payment method changed, so an unpaid cycle is
 * tried again at once with the new one. No billing workflow (not started, ended) is fine.
 */
export async function signalPaymentMethodChanged(temporal: Client, orgId: string, change: PaymentMethodChanged): Promise<void> {
  try {
    await temporal.workflow.getHandle(billingWorkflowId(orgId)).signal(paymentMethodChangedSignal, change);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/**
 * Changes the organization's details through its billing workflow, the organization document's single
 * writer; answers once written. Without a running billing workflow (not started, cancelled) nothing changes.
 */
export async function updateOrganization(temporal: Client, orgId: string, change: OrganizationChange): Promise<BillingStatus> {
  return sendUpdate(
    () => temporal.workflow.getHandle(billingWorkflowId(orgId)).executeUpdate(updateOrganizationUpdate, { args: [change] }),
    () => conflict("the organization's billing is not running: its details cannot be changed"),
  );
}
