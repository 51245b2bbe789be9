/**
 * What ops ask Temporal's visibility store: open payments by search attributes, and running workflows whose
 * pending activity keeps failing. Generic over workflow types: any workflow that upserts the billing search
 * attributes (workflows/definitions.ts) shows up, whatever its type.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import pLimit from 'p-limit';
import { durationMs } from '../../domain/duration';
import { searchAttributes } from '../../workflows/definitions';

export interface OpenPaymentFilter {
  /** BillingState values, e.g. awaiting_payment; any when empty. */
  states?: string[];
  /** Started more than this long ago: "7d", "36h", "30 days". */
  olderThan?: string;
  /** Workflow type, e.g. topUpWorkflow. */
  type?: string;
  orgId?: string;
  /** A raw visibility clause ANDed to the rest, e.g. `BillingDaysOverdue > 14`. */
  where?: string;
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The visibility query for open payments: the same string works in the Web UI's search box. */
export function openPaymentsQuery(filter: OpenPaymentFilter, now = new Date()): string {
  const clauses = ['ExecutionStatus="Running"'];
  if (filter.type) clauses.push(`WorkflowType=${quote(filter.type)}`);
  const states = filter.states?.filter(Boolean) ?? [];
  if (states.length === 1) clauses.push(`${searchAttributes.state.name}=${quote(states[0])}`);
  if (states.length > 1) clauses.push(`${searchAttributes.state.name} IN (${states.map(quote).join(', ')})`);
  if (filter.orgId) clauses.push(`${searchAttributes.orgId.name}=${quote(filter.orgId)}`);
  if (filter.where?.trim()) clauses.push(`(${filter.where.trim()})`);
  if (filter.olderThan) {
    let ms: number;
    try {
      ms = durationMs(filter.olderThan);
    } catch {
      throw new Error(`--older-than: not a duration: ${filter.olderThan}`);
    }
    clauses.push(`StartTime < ${quote(new Date(now.getTime() - ms).toISOString())}`);
  }
  return clauses.join(' AND ');
}

export type BillingAttributes = { [K in keyof typeof searchAttributes]?: string | number };

export interface OpenPayment extends BillingAttributes {
  workflowId: string;
  type: string;
  startTime: Date;
  taskQueue: string;
}

async function list(client: Client, query: string, limit: number): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
    found.push(execution);
    if (found.length >= limit) break;
  }
  return found;
}

/** Every search attribute declared in workflows/definitions.ts, under its key there (orgId, state, …). */
export function billingAttributes(execution: Pick<WorkflowExecutionInfo, 'typedSearchAttributes'>): BillingAttributes {
  const found: Record<string, string | number> = {};
  for (const [name, key] of Object.entries(searchAttributes)) {
    const value = execution.typedSearchAttributes.get(key as never) as unknown;
    if (typeof value === 'string' || typeof value === 'number') found[name] = value;
  }
  return found as BillingAttributes;
}

/** Open payments matching the filter, oldest first. */
export async function listOpenPayments(
  client: Client,
  filter: OpenPaymentFilter,
  { limit = 500, now = new Date() } = {},
): Promise<OpenPayment[]> {
  const executions = await list(client, openPaymentsQuery(filter, now), limit);
  return executions
    .map((execution) => ({
      workflowId: execution.workflowId,
      type: execution.type,
      ...billingAttributes(execution),
      startTime: execution.startTime,
      taskQueue: execution.taskQueue,
    }))
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
}

export interface FailingActivity extends BillingAttributes {
  workflowId: string;
  type: string;
  /** The activity type, or "(workflow task)" when the workflow's own code keeps failing (e.g. non-determinism). */
  activity: string;
  attempt: number;
  maximumAttempts?: number;
  lastFailure?: string;
  failureType?: string;
  lastAttemptAt?: Date;
  nextAttemptAt?: Date;
}

function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const slot = pLimit(limit);
  return Promise.all(items.map((item) => slot(() => fn(item))));
}

/**
 * Describes each running workflow (of `type`, if given) and reports pending activities on attempt
 * `minAttempt` or later, with their last failure; and workflow tasks that keep failing. Most retried first.
 */
export async function findFailingActivities(
  client: Client,
  {
    type,
    minAttempt = 2,
    limit = 1000,
    concurrency = 8,
  }: { type?: string; minAttempt?: number; limit?: number; concurrency?: number } = {},
): Promise<FailingActivity[]> {
  const executions = await list(client, openPaymentsQuery({ type }), limit);
  const found = await mapConcurrently(executions, concurrency, async (execution): Promise<FailingActivity[]> => {
    let description: Awaited<ReturnType<ReturnType<typeof client.workflow.getHandle>['describe']>>;
    try {
      description = await client.workflow.getHandle(execution.workflowId, execution.runId).describe();
    } catch {
      return []; // closed between the list and the describe
    }
    const base = { workflowId: execution.workflowId, type: execution.type, ...billingAttributes(description) };
    const rows: FailingActivity[] = (description.raw.pendingActivities ?? [])
      .filter((activity) => (activity.attempt ?? 1) >= minAttempt)
      .map((activity) => ({
        ...base,
        activity: activity.activityType?.name ?? '(unknown)',
        attempt: activity.attempt ?? 1,
        maximumAttempts: activity.maximumAttempts || undefined,
        lastFailure: activity.lastFailure?.message ?? undefined,
        failureType: activity.lastFailure?.applicationFailureInfo?.type ?? undefined,
        lastAttemptAt: optionalTsToDate(activity.lastAttemptCompleteTime ?? activity.lastStartedTime),
        nextAttemptAt: optionalTsToDate(activity.nextAttemptScheduleTime),
      }));
    const task = description.raw.pendingWorkflowTask;
    if (task && (task.attempt ?? 1) >= minAttempt) {
      rows.push({
        ...base,
        activity: '(workflow task)',
        attempt: task.attempt ?? 1,
        lastAttemptAt: optionalTsToDate(task.startedTime ?? task.scheduledTime),
      });
    }
    return rows;
  });
  return found.flat().sort((a, b) => b.attempt - a.attempt);
}
