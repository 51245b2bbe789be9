import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** The baseline the month-end target is measured against: a workflow that runs one activity that does nothing. */
export async function bareWorkflow(): Promise<void> {
  await noop();
}
