import { workflowInfo } from '@temporalio/workflow';
import { nextStep } from '../domain/billing-plan';
import { BillingAccount } from './billing-account';
import { listen } from './billing-handlers';
import { BillingSteps } from './billing-steps';
import type { BillingCycleInput, BillingStatus } from './definitions';

/**
 * One organization's billing, for as long as it is a customer. Each cycle:
 *   open the cycle → (warn if the prepaid balance will fall short) → sleep until it ends →
 *   close it (the bill is frozen) and collect it with the default method, invoicing it when paid → the next
 *   cycle; and after `cyclesPerRun` cycles (a year of months), continue as new.
 * An unpaid cycle is carried as a debt (into later runs too) and retried on the dunning schedule; when the
 * retries are used up the organization is suspended, and it is reactivated once every debt is paid.
 * The workflow is the writer of the organization's billing fields and profile (Updates and signals ask it).
 *
 * The state lives in a BillingAccount; domain/billing-plan.ts decides the next step from it, and the step
 * runs here. Only requests added after the first release (operator and organization updates) make a run act
 * differently before it ends, so histories of runs without them replay as they were recorded.
 */
export async function billingCycleWorkflow(input: BillingCycleInput): Promise<BillingStatus> {
  const account = new BillingAccount(input);
  const steps = new BillingSteps(account, input.settings);
  listen(account, steps.resendFinalInvoice);

  account.publish(); // findable by organization in the Temporal UI from its first moment
  if (!account.cycle && !account.lastCycleClosed) await steps.openFirstCycle();

  for (;;) {
    const step = nextStep(account.planState(workflowInfo().continueAsNewSuggested), Date.now());
    switch (step.kind) {
      case 'record-organization-changes':
        await steps.recordOrganizationChanges();
        break;
      case 'reopen-disputed-cycles':
        await steps.reopenDisputedCycles();
        break;
      case 'apply-write-offs':
        await steps.applyWriteOffs();
        break;
      case 'collect':
        await steps.collectDue();
        break;
      case 'close-cycle':
        await steps.closeCurrentCycle();
        break;
      case 'warn':
        await steps.warn();
        break;
      case 'wait':
        await steps.waitUntil(step.until);
        break;
      case 'finish':
        return await steps.finish();
      case 'continue-as-new':
        return await steps.continueAsNew();
    }
  }
}
