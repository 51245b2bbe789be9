/**
 * Starting and addressing organizations' billing workflows from the API (by name: the API never imports
 * workflow code). The settings come from configuration and travel with the workflow from cycle to cycle.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { writeDefaultPaymentMethod } from '../activities/payment-methods';
import type { Config } from '../config';
import { durationText } from '../domain/duration';
import type { Models } from '../models';
import {
  billingStatusQuery,
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

/** The billing workflow's input carries durations as text (running workflows expect it): exact whole units. */
export function billingSettings(config: Config): BillingSettings {
  return {
    cycle: config.BILLING_CYCLE === 'calendar-month' ? config.BILLING_CYCLE : durationText(config.BILLING_CYCLE),
    warnBefore: durationText(config.BILLING_WARN_BEFORE),
    usageSettle: durationText(config.BILLING_USAGE_SETTLE),
    dunning: config.BILLING_DUNNING.map(durationText),
    suspendedRetry: durationText(config.BILLING_SUSPENDED_RETRY),
    activityTimeout: durationText(config.BILLING_ACTIVITY_TIMEOUT),
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
 * The organization chose its default payment method. Its billing workflow is told, so an unpaid cycle is
 * tried again at once with the new one (no billing workflow, not started or ended, is fine); the document
 * is written by `writeDefaultPaymentMethod`, the one direct writer of the default outside the billing
 * workflow. Once the billing workflow records it itself (setDefaultPaymentMethodUpdate), this sends that
 * update instead and writes directly only where no billing workflow runs.
 */
export async function recordDefaultPaymentMethod(
  { models, temporal }: { models: Models; temporal: Client },
  orgId: string,
  change: PaymentMethodChanged,
): Promise<void> {
  await writeDefaultPaymentMethod(models, orgId, change);
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

/** The billing workflow's own view, if it answers within two seconds (a query needs a worker); else undefined. */
export async function billingStatusOf(temporal: Client, orgId: string): Promise<BillingStatus | undefined> {
  try {
    return await temporal.withDeadline(Date.now() + 2000, () =>
      temporal.workflow.getHandle(billingWorkflowId(orgId)).query(billingStatusQuery),
    );
  } catch {
    return undefined;
  }
}
