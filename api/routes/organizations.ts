import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { organizationEvent } from '../../activities/event-payloads';
import { toOrganizationDto, type OrgDoc } from '../../models/organization';
import { startBilling, updateOrganization } from '../billing-client';
import { requireAdmin, requireOrganizationAccess, hashApiKey } from '../middleware/auth';
import { ApiError, conflict, notFound } from '../errors';
import { IDEMPOTENCY_RETENTION_MS } from '../middleware/idempotency';
import { createRouter } from '../router';
import {
  adminErrorResponses,
  CurrencyCode,
  errorResponses,
  IdempotencyHeader,
  MinorUnits,
  MoneySchema,
  OrgIdParam,
  PlanSchema,
} from '../schemas';
import { ListQuery, listOf, listPage } from '../pagination';
import type { LedgerEntry } from '../../models/ledger-entry';
import type { AppDeps } from '../types';
import { OrganizationDetails } from './organization-details';
import { isDuplicateKey } from '../../models/duplicate-key';

const CreateOrganizationBody = z
  .object({
    name: OrganizationDetails.shape.name,
    billingEmail: OrganizationDetails.shape.billingEmail,
    currency: CurrencyCode,
    address: OrganizationDetails.shape.address.default(''),
    vatId: OrganizationDetails.shape.vatId.default(''),
    vatRateBp: z.int().min(0).max(10000).default(0).openapi({ description: 'VAT rate in basis points: 2100 = 21 %' }),
    timeZone: OrganizationDetails.shape.timeZone.default('UTC'),
    plan: PlanSchema,
  })
  .openapi('CreateOrganization');

const UpdateOrganizationBody = OrganizationDetails.partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'send at least one field to change')
  .openapi('UpdateOrganization');

const OrganizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    billingEmail: z.string(),
    currency: CurrencyCode,
    address: z.string(),
    vatId: z.string(),
    vatRateBp: z.number(),
    timeZone: z.string(),
    status: z.string(),
    defaultPaymentMethod: z.string(),
    plan: PlanSchema,
    externalId: z.string().nullable().openapi({ description: "The provider's own id for it, unique" }),
    metadata: z.record(z.string(), z.string()),
  })
  .openapi('Organization');

const OverviewSchema = z
  .object({
    organization: OrganizationSchema,
    balance: MoneySchema,
    nextCycleEstimate: z.object({
      subtotalMinor: MinorUnits,
      vatMinor: MinorUnits,
      totalMinor: MinorUnits,
      currency: CurrencyCode,
      lines: z.array(z.object({ description: z.string(), amountMinor: MinorUnits })),
    }),
    balanceCoversNextCycle: z.boolean(),
    warning: z.string().optional(),
  })
  .openapi('BillingOverview');

const LedgerEntrySchema = z
  .object({
    key: z.string(),
    seq: z.number(),
    balanceAfterMinor: MinorUnits,
    kind: z.string(),
    amountMinor: MinorUnits,
    currency: CurrencyCode,
    description: z.string(),
    createdAt: z.string(),
  })
  .openapi('LedgerEntry');

export const newApiKey = () => `sk_org_${randomBytes(24).toString('base64url')}`;

export function organizationRoutes({ models, config, temporal, events, reads }: AppDeps) {
  const router = createRouter();
  /** Uncached: what a change is checked against and answered with (reads.overview caches for 2 s). */
  const loadOrganization = (orgId: string) => models.Organization.findById(orgId).lean<OrgDoc>();
  router.use('/organizations', requireAdmin);
  router.use('/organizations/:orgId/*', requireOrganizationAccess);
  router.use('/organizations/:orgId', requireOrganizationAccess);
  router.use('/organizations/:orgId/api-key', requireAdmin);

  /**
   * With an Idempotency-Key the organization's id derives from the key, so retrying a creation that failed
   * (a 5xx: the key's stored answer is dropped) finds the organization it made instead of making another.
   */
  async function createOrFindOrganization(idempotencyKey: string | undefined, body: z.infer<typeof CreateOrganizationBody>) {
    if (!idempotencyKey)
      return { org: await models.Organization.create({ _id: `org_${randomUUID().replace(/-/g, '')}`, ...body }), retried: false };
    const _id = `org_${createHash('sha256').update(`organization\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
    try {
      return { org: await models.Organization.create({ _id, ...body }), retried: false };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await models.Organization.findById(_id);
    const sameRequest =
      existing && existing.name === body.name && existing.billingEmail === body.billingEmail && existing.currency === body.currency;
    const retryWindow = existing && Date.now() - existing.createdAt.getTime() < IDEMPOTENCY_RETENTION_MS;
    if (!existing || !sameRequest || !retryWindow) {
      throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key already created another organization', [
        { field: 'Idempotency-Key', message: 'used for an earlier organization' },
      ]);
    }
    return { org: existing, retried: true };
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations',
      tags: ['Organizations'],
      summary: 'Create an organization (admin key); answers its API key once',
      request: {
        headers: IdempotencyHeader,
        body: { content: { 'application/json': { schema: CreateOrganizationBody } }, required: true },
      },
      responses: {
        201: {
          content: { 'application/json': { schema: z.object({ organization: OrganizationSchema, apiKey: z.string().nullable() }) } },
          description: 'Created; keep apiKey, it is not shown again',
        },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const apiKey = newApiKey();
      const { org, retried } = await createOrFindOrganization(c.req.header('idempotency-key'), body);
      // A retry after a failure replaces the key the failed attempt stored: its caller never saw it.
      if (retried) await models.ApiKey.deleteMany({ orgId: org._id });
      await models.ApiKey.create({ _id: hashApiKey(apiKey), orgId: org._id });
      // Activation starts the organization's billing; a retry (Idempotency-Key replay aside) finds it running.
      if (config.BILLING_START_ON_ACTIVATION) await startBilling(temporal, config, org._id);
      const organization = toOrganizationDto(org.toObject({ flattenMaps: true }) as OrgDoc);
      await events.recordEvent(
        organizationEvent('organization.created', `organization-created:${org._id}`, org.toObject({ flattenMaps: true }) as OrgDoc),
      );
      c.set('idempotentReplayBody', { organization, apiKey: null });
      return c.json({ organization, apiKey }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations',
      tags: ['Organizations'],
      summary: "Find an organization by the provider's own id (admin key)",
      request: { query: z.object({ externalId: OrganizationDetails.shape.externalId }) },
      responses: {
        200: {
          content: { 'application/json': { schema: listOf(OrganizationSchema, 'OrganizationList') } },
          description: 'The organization with that external id, or none (one page: hasMore is always false)',
        },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { externalId } = c.req.valid('query');
      const claim = await models.ExternalIdClaim.findById(externalId).lean();
      const org = claim ? await loadOrganization(claim.orgId) : null;
      // A claim whose organization moved on (a change that failed half-way) names nobody.
      const found = org && org.externalId === externalId ? [toOrganizationDto(org as OrgDoc)] : [];
      return c.json({ data: found, hasMore: false, nextCursor: null }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/organizations/{orgId}',
      tags: ['Organizations'],
      summary: "Change the organization's details: name, billing e-mail, address, VAT id, time zone, external id, metadata",
      description:
        "Written by the organization's billing workflow (the one writer of the organization), so it needs billing to be running (409 otherwise).",
      request: { params: OrgIdParam, body: { content: { 'application/json': { schema: UpdateOrganizationBody } }, required: true } },
      responses: {
        200: { content: { 'application/json': { schema: OrganizationSchema } }, description: 'The organization after the change' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const change = c.req.valid('json');
      const current = await loadOrganization(orgId);
      if (!current) throw notFound('organization');
      const claimed = change.externalId !== undefined && change.externalId !== current.externalId;
      if (claimed) await claimExternalId(change.externalId!, orgId);
      try {
        await updateOrganization(temporal, orgId, change);
      } catch (error) {
        if (claimed) await models.ExternalIdClaim.deleteOne({ _id: change.externalId, orgId });
        throw error;
      }
      if (claimed && current.externalId) await models.ExternalIdClaim.deleteOne({ _id: current.externalId, orgId });
      return c.json(toOrganizationDto((await loadOrganization(orgId)) as OrgDoc), 200);
    },
  );

  /** The insert is the uniqueness check (the claim's `_id` is the external id): atomic on MongoDB and FerretDB. */
  async function claimExternalId(externalId: string, orgId: string) {
    try {
      await models.ExternalIdClaim.create({ _id: externalId, orgId });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const holder = await models.ExternalIdClaim.findById(externalId).lean();
      if (holder?.orgId !== orgId) throw conflict('externalId: another organization already has this external id');
    }
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/api-key',
      tags: ['Organizations'],
      summary: "Replace an organization's API key (admin key); the old key stops working",
      request: { params: OrgIdParam },
      responses: {
        200: { content: { 'application/json': { schema: z.object({ apiKey: z.string() }) } }, description: 'The new key' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const apiKey = newApiKey();
      if (!(await models.Organization.exists({ _id: orgId }))) throw notFound('organization');
      await models.ApiKey.create({ _id: hashApiKey(apiKey), orgId });
      await models.ApiKey.deleteMany({ orgId, _id: { $ne: hashApiKey(apiKey) } });
      c.set('idempotentReplayBody', { apiKey: null });
      return c.json({ apiKey }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/billing',
      tags: ['Organizations'],
      summary: 'Billing overview: balance, plan and next cycle estimate',
      request: { params: OrgIdParam },
      responses: { 200: { content: { 'application/json': { schema: OverviewSchema } }, description: 'Overview' }, ...errorResponses },
    }),
    async (c) => c.json(await reads.overview(c.req.valid('param').orgId), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/ledger',
      tags: ['Organizations'],
      summary: 'Ledger entries, newest first',
      request: { params: OrgIdParam, query: ListQuery },
      responses: {
        200: { content: { 'application/json': { schema: listOf(LedgerEntrySchema, 'LedgerEntryList') } }, description: 'Entries' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { limit, startingAfter } = c.req.valid('query');
      const page = await listPage<LedgerEntry & { _id: string }>(models.LedgerEntry, { orgId }, { sortField: 'seq', limit, startingAfter });
      return c.json(
        {
          hasMore: page.hasMore,
          nextCursor: page.nextCursor,
          data: page.docs.map((e) => ({
            key: e.key,
            seq: e.seq,
            balanceAfterMinor: e.balanceAfterMinor,
            kind: e.kind,
            amountMinor: e.amountMinor,
            currency: e.currency,
            description: e.description,
            createdAt: e.createdAt.toISOString(),
          })),
        },
        200,
      );
    },
  );

  return router;
}
