import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Models } from '../../models';
import {
  webhookDeliveryStatusQuery,
  webhookDeliveryWorkflowId,
  type WebhookDeliveryStatus,
} from '../../workflows/webhook-delivery-definitions';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every webhook endpoint with its delivery health: the admin's switch, what delivery decided (disabled after
 * the retry window), the queue its delivery workflow holds (pending, failing, since when, last error) and
 * what was delivered in the last 24 hours.
 */
export async function webhookEndpointHealth({ client, models }: { client: Client; models: Models }, now: Date) {
  const endpoints = await models.WebhookEndpoint.find({}, { secret: 0, previousSecret: 0 }).sort({ createdAt: 1 }).lean();
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const id = endpoint._id as string;
      const [health, delivered24h, last, status] = await Promise.all([
        models.WebhookEndpointHealth.findById(id).lean(),
        models.WebhookDelivery.countDocuments({ endpointId: id, deliveredAt: { $gte: new Date(now.getTime() - DAY_MS) } }),
        models.WebhookDelivery.findOne({ endpointId: id }, { deliveredAt: 1 }).sort({ deliveredAt: -1 }).lean(),
        client.workflow
          .getHandle(webhookDeliveryWorkflowId(id))
          .query(webhookDeliveryStatusQuery)
          .catch((error: Error): WebhookDeliveryStatus | undefined => {
            if (error instanceof WorkflowNotFoundError) return undefined;
            throw error;
          }),
      ]);
      const state = !endpoint.enabled ? 'disabled (admin)' : health?.state === 'disabled' ? 'disabled (failing)' : 'active';
      return {
        endpointId: id,
        url: endpoint.url,
        types: (endpoint.eventTypes ?? []).length ? (endpoint.eventTypes ?? []).join(',') : '*',
        state,
        pending: status?.pending ?? 0,
        failing: status?.failing ?? 0,
        failingSince: status?.oldestFailureAt ?? '',
        lastError: status?.lastError ?? health?.disabledReason ?? '',
        delivered24h,
        lastDelivered: last?.deliveredAt ? last.deliveredAt.toISOString() : '',
      };
    }),
  );
}
