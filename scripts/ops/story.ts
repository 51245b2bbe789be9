/**
 * One payment's full story: its workflow's state (from its status query), the key events of its history
 * (activities, signals, operator updates with who and why, timers, state changes), and its records in the
 * database (order, invoices, ledger entries, e-mails, bank credits). Generic over workflow types: the status
 * query is found by name (`<type minus "Workflow">Status`, else `status`), first among the queries declared in
 * workflows/definitions.ts, else among those the running workflow reports it handles.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { REDACTED_KEYS } from '../../config/logger';
import { formatAge } from './table';
import type { Models } from '../../models';
import * as definitions from '../../workflows/definitions';
import { searchAttributes } from '../../workflows/definitions';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

const declared = (kind: 'query' | 'update') =>
  Object.values(definitions as Record<string, unknown>)
    .filter(
      (value): value is { type: string; name: string } =>
        typeof value === 'object' && value !== null && (value as { type?: unknown }).type === kind,
    )
    .map((definition) => definition.name);

/** The names of every query workflows/definitions.ts declares. */
export const declaredQueryNames = () => declared('query');
/** The names of every update workflows/definitions.ts declares. */
export const declaredUpdateNames = () => declared('update');

/**
 * topUpWorkflow → topUpStatus; else the "<prefix>Status" query with the longest prefix of the type
 * (billingCycleWorkflow → billingStatus); else a query named `status`.
 */
export function statusQueryFor(workflowType: string, available: readonly string[]): string | undefined {
  const base = workflowType.replace(/Workflow$/, '');
  if (available.includes(`${base}Status`)) return `${base}Status`;
  const prefixed = available
    .filter((name) => name.endsWith('Status') && name.length > 'Status'.length && base.startsWith(name.slice(0, -'Status'.length)))
    .sort((a, b) => b.length - a.length);
  if (prefixed.length) return prefixed[0];
  return available.includes('status') ? 'status' : undefined;
}

const redacted = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));
/** Drops values under secret-looking keys before anything is shown. */
export function sanitize(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      redacted.has(key.toLowerCase()) ? '[redacted]' : sanitize(item, depth + 1),
    ]),
  );
}

function decode(payloads: Payload[] | null | undefined): unknown[] {
  return (payloads ?? []).map((payload) => {
    try {
      return sanitize(defaultPayloadConverter.fromPayload(payload as never));
    } catch {
      return '(undecodable payload)';
    }
  });
}
const brief = (values: unknown[]) => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
const durationOf = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) => {
  if (!d) return '';
  const ms = Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
  return ms < 1000 ? `${ms}ms` : formatAge(new Date(0), new Date(ms));
};

export interface StoryEvent {
  id: number;
  time?: Date;
  event: string;
  detail: string;
}

/** The events ops care about, in order; workflow-task bookkeeping and patch markers are left out. */
export function keyEvents(events: readonly HistoryEvent[]): StoryEvent[] {
  const activities = new Map<number, string>();
  const out: StoryEvent[] = [];
  for (const event of events) {
    const id = Number(event.eventId);
    const time = optionalTsToDate(event.eventTime);
    const push = (name: string, detail: string) => out.push({ id, time, event: name, detail });
    const a = event;
    if (a.workflowExecutionStartedEventAttributes) {
      const s = a.workflowExecutionStartedEventAttributes;
      push('WorkflowStarted', `${s.workflowType?.name} on ${s.taskQueue?.name}: ${brief(decode(s.input?.payloads))}`);
    } else if (a.activityTaskScheduledEventAttributes) {
      const s = a.activityTaskScheduledEventAttributes;
      activities.set(id, s.activityType?.name ?? '?');
      push('ActivityScheduled', `${s.activityType?.name}`);
    } else if (a.activityTaskStartedEventAttributes) {
      const s = a.activityTaskStartedEventAttributes;
      push(
        'ActivityStarted',
        `${activities.get(Number(s.scheduledEventId))} attempt ${s.attempt}${s.lastFailure?.message ? ` (previous failure: ${s.lastFailure.message})` : ''}`,
      );
    } else if (a.activityTaskCompletedEventAttributes) {
      push('ActivityCompleted', `${activities.get(Number(a.activityTaskCompletedEventAttributes.scheduledEventId))}`);
    } else if (a.activityTaskFailedEventAttributes) {
      const s = a.activityTaskFailedEventAttributes;
      push('ActivityFailed', `${activities.get(Number(s.scheduledEventId))}: ${s.failure?.message}`);
    } else if (a.activityTaskTimedOutEventAttributes) {
      const s = a.activityTaskTimedOutEventAttributes;
      push('ActivityTimedOut', `${activities.get(Number(s.scheduledEventId))}: ${s.failure?.message ?? ''}`);
    } else if (a.workflowExecutionSignaledEventAttributes) {
      const s = a.workflowExecutionSignaledEventAttributes;
      push('Signal', `${s.signalName}: ${brief(decode(s.input?.payloads))}`);
    } else if (a.workflowExecutionUpdateAcceptedEventAttributes) {
      const input = a.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      push('UpdateAccepted', `${input?.name}${input?.args?.payloads?.length ? `: ${brief(decode(input.args.payloads))}` : ''}`);
    } else if (a.workflowExecutionUpdateCompletedEventAttributes) {
      const outcome = a.workflowExecutionUpdateCompletedEventAttributes.outcome;
      push('UpdateCompleted', outcome?.failure ? `failed: ${outcome.failure.message}` : 'ok');
    } else if (a.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      // A local activity (workflows/local-first.ts): run in the workflow task, recorded as a marker.
      const s = a.markerRecordedEventAttributes;
      const [data] = decode(s.details?.data?.payloads) as ({ activity_type?: string; attempt?: number } | undefined)[];
      const name = `${data?.activity_type ?? '?'} attempt ${data?.attempt ?? '?'}`;
      if (s.failure) push('LocalActivityFailed', `${name}: ${s.failure.message}`);
      else push('LocalActivityCompleted', name);
    } else if (a.timerStartedEventAttributes) {
      push('TimerStarted', durationOf(a.timerStartedEventAttributes.startToFireTimeout));
    } else if (a.timerFiredEventAttributes) {
      push('TimerFired', '');
    } else if (a.upsertWorkflowSearchAttributesEventAttributes) {
      const fields = a.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {};
      const entries = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));
      push('SearchAttributes', entries.map(([key, payload]) => `${key}=${brief(decode([payload]))}`).join(' '));
    } else if (a.workflowTaskFailedEventAttributes) {
      const s = a.workflowTaskFailedEventAttributes;
      push('WorkflowTaskFailed', s.failure?.message ?? String(s.cause));
    } else if (a.workflowExecutionCompletedEventAttributes) {
      push('WorkflowCompleted', brief(decode(a.workflowExecutionCompletedEventAttributes.result?.payloads)));
    } else if (a.workflowExecutionFailedEventAttributes) {
      push('WorkflowFailed', a.workflowExecutionFailedEventAttributes.failure?.message ?? '');
    } else if (a.workflowExecutionTerminatedEventAttributes) {
      const s = a.workflowExecutionTerminatedEventAttributes;
      push('WorkflowTerminated', `${s.reason ?? ''}${s.identity ? ` (by ${s.identity})` : ''}`);
    } else if (a.workflowExecutionCanceledEventAttributes) {
      push('WorkflowCanceled', '');
    } else if (a.workflowExecutionTimedOutEventAttributes) {
      push('WorkflowTimedOut', '');
    } else if (a.workflowExecutionContinuedAsNewEventAttributes) {
      push('ContinuedAsNew', `new run ${a.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId}`);
    }
  }
  return out;
}

export interface PaymentStory {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  taskQueue: string;
  startTime: Date;
  closeTime?: Date;
  orgId?: string;
  state?: string;
  paymentReference?: string;
  webUiUrl: string;
  query?: { name: string; result?: unknown; error?: string };
  pendingActivities: { activity: string; attempt: number; state: string; lastFailure?: string; nextAttemptAt?: Date }[];
  events: StoryEvent[];
  records: {
    order?: Record<string, unknown>;
    invoices: Record<string, unknown>[];
    ledger: Record<string, unknown>[];
    emails: Record<string, unknown>[];
    bankCredits: Record<string, unknown>[];
  };
}

const QUERY_TIMEOUT_MS = 5000;
/** temporal.api.enums.v1.PendingActivityState, by number (a type-only import of the protos keeps them out of the runtime). */
const PENDING_ACTIVITY_STATES: Record<number, string> = {
  1: 'scheduled',
  2: 'started',
  3: 'cancel_requested',
  4: 'paused',
  5: 'pause_requested',
};

async function queryState(client: Client, workflowId: string, runId: string, workflowType: string): Promise<PaymentStory['query']> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const ask = <T>(name: string) => client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query<T>(name));
  let name = statusQueryFor(workflowType, declaredQueryNames());
  try {
    if (!name) {
      // Not declared in definitions.ts under a conventional name: ask the workflow which queries it handles.
      const metadata = await ask<{ definition?: { queryDefinitions?: { name?: string }[] } }>('__temporal_workflow_metadata');
      const names = (metadata.definition?.queryDefinitions ?? []).map((q) => q.name ?? '').filter((n) => !n.startsWith('__'));
      name = statusQueryFor(workflowType, names) ?? names.find((n) => /status$/i.test(n));
      if (!name) return undefined;
    }
    return { name, result: sanitize(await ask(name)) };
  } catch (error) {
    return { name: name ?? '__temporal_workflow_metadata', error: (error as Error).message || String(error) };
  }
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : undefined);

async function records(models: Models, workflowId: string, orgId: string | undefined): Promise<PaymentStory['records']> {
  const order = await models.TopUpOrder.findOne({ workflowId }).lean();
  const org = orgId ?? order?.orgId;
  const [invoices, ledger, emails, bankCredits] = await Promise.all([
    order
      ? models.Invoice.find({ topUpOrderId: order._id }, { pdf: 0 }).lean()
      : org
        ? models.Invoice.find({ orgId: org }, { pdf: 0 }).sort({ issueDate: -1 }).limit(20).lean()
        : [],
    order
      ? models.LedgerEntry.find({ topUpOrderId: order._id }).sort({ seq: 1 }).lean()
      : org
        ? models.LedgerEntry.find({ orgId: org }).sort({ seq: -1 }).limit(20).lean()
        : [],
    org ? models.OutboxEmail.find({ orgId: org }).sort({ createdAt: 1 }).limit(500).lean() : [],
    order ? models.BankCredit.find({ topUpOrderId: order._id }).sort({ createdAt: 1 }).lean() : [],
  ]);
  return {
    order: order
      ? {
          orderId: order._id,
          orgId: order.orgId,
          state: order.state,
          amountMinor: order.amountMinor,
          receivedMinor: order.receivedMinor,
          currency: order.currency,
          proforma: order.proformaNumber,
          paymentReference: order.paymentReference,
          createdAt: iso(order.createdAt),
          expiresAt: iso(order.expiresAt),
          closedAt: iso(order.closedAt),
          closeReason: order.closeReason ?? undefined,
        }
      : undefined,
    invoices: invoices.map((inv) => ({
      number: inv.number,
      series: inv.series,
      status: inv.status,
      totalMinor: inv.totalMinor,
      currency: inv.currency,
      issueDate: iso(inv.issueDate),
    })),
    ledger: ledger.map((entry) => ({
      seq: entry.seq,
      key: entry.key,
      kind: entry.kind,
      amountMinor: entry.amountMinor,
      balanceAfterMinor: entry.balanceAfterMinor,
      createdAt: iso(entry.createdAt),
    })),
    // For an order, its own e-mails (their idempotency keys name it); otherwise the organization's.
    emails: emails
      .filter((email) => !order || email._id.includes(order._id))
      .map((email) => ({ key: email._id, to: email.to, subject: email.subject, transport: email.transport, sentAt: iso(email.sentAt) })),
    bankCredits: bankCredits.map((credit) => ({
      bankTxId: credit._id,
      amountMinor: credit.amountMinor,
      status: credit.status,
      valueDate: credit.valueDate,
      reason: credit.reason ?? undefined,
    })),
  };
}

export async function paymentStory(
  { client, models, uiUrl, namespace }: { client: Client; models: Models; uiUrl: string; namespace: string },
  workflowId: string,
): Promise<PaymentStory> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const runId = description.runId;
  const [history, query] = await Promise.all([
    client.workflow.getHandle(workflowId, runId).fetchHistory(),
    queryState(client, workflowId, runId, description.type),
  ]);
  const orgId = description.typedSearchAttributes.get(searchAttributes.orgId);
  return {
    workflowId,
    runId,
    type: description.type,
    status: description.status.name,
    taskQueue: description.taskQueue,
    startTime: description.startTime,
    closeTime: description.closeTime,
    orgId,
    state: description.typedSearchAttributes.get(searchAttributes.state),
    paymentReference: description.typedSearchAttributes.get(searchAttributes.paymentReference),
    webUiUrl: `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`,
    query,
    pendingActivities: (description.raw.pendingActivities ?? []).map((activity) => ({
      activity: activity.activityType?.name ?? '?',
      attempt: activity.attempt ?? 1,
      state: PENDING_ACTIVITY_STATES[Number(activity.state ?? 0)] ?? String(activity.state),
      lastFailure: activity.lastFailure?.message ?? undefined,
      nextAttemptAt: optionalTsToDate(activity.nextAttemptScheduleTime),
    })),
    events: keyEvents(history.events ?? []),
    records: await records(models, workflowId, orgId),
  };
}
