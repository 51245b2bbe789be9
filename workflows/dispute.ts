import { condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { disputeEventSignal, disputeLostSignal, type DisputeEvent, type DisputeInput } from './credit-note-definitions';
import { billingWorkflowId } from './definitions';

const { recordDispute } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A disputed payment, from the provider's first event to its verdict; the provider's events come as
 * signals (signal-with-start from the webhook), so they are handled one at a time and in order. A lost
 * dispute reopens the cycle's debt in the organization's billing workflow (which collects it again, with
 * dunning) or is written off, as DISPUTE_LOST said when the dispute opened.
 */
export async function disputeWorkflow(input: DisputeInput): Promise<string> {
  const events: DisputeEvent[] = [];
  setHandler(disputeEventSignal, (event) => void events.push(event));
  const { whenLost, ...dispute } = input;

  await recordDispute({ dispute, status: 'open' });
  for (;;) {
    await condition(() => events.length > 0);
    const event = events.shift()!;
    if (event.status === 'open') continue;
    if (event.status === 'won') {
      await recordDispute({ dispute, status: 'won' });
      return 'won';
    }
    let outcome: 'reopened' | 'written_off' = 'written_off';
    if (whenLost === 'reopen') {
      try {
        await getExternalWorkflowHandle(billingWorkflowId(input.orgId)).signal(disputeLostSignal, {
          disputeId: input.disputeId,
          cycleId: input.cycleId,
          invoiceNumber: input.invoiceNumber,
          amountMinor: input.amountMinor,
        });
        outcome = 'reopened';
      } catch {
        // No billing workflow runs for the organization (cancelled, or never started): nothing can collect it.
      }
    }
    await recordDispute({ dispute, status: 'lost', outcome });
    return `lost: ${outcome}`;
  }
}
