/**
 * PATCH /v1/organizations/{orgId}: validated fields, written by the billing workflow (the organization's
 * single writer), external ids unique and found by GET /v1/organizations?externalId=.
 */
import { BILLING_OVERRIDES } from '../helpers/billing';
import { ADMIN_KEY, engineForThisFile, startEngine } from '../helpers/engine';

const engine = engineForThisFile(BILLING_OVERRIDES);

const patch = (orgId: string, key: string, body: unknown) => engine.call('PATCH', `/v1/organizations/${orgId}`, { key, body });

describe('PATCH /v1/organizations/{orgId}', () => {
  it('changes the details through the billing workflow and answers the organization', async () => {
    const { orgId, key } = await engine.createOrganization();
    const answer = await patch(orgId, key, {
      name: 'Acme Telephony SA',
      billingEmail: 'ap@acme.test',
      address: 'Rue Haute 1, 1000 Brussels',
      vatId: 'be 0123 456 749',
      timeZone: 'Europe/Brussels',
      metadata: { crm: 'acct-42', tier: 'gold' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: orgId,
      name: 'Acme Telephony SA',
      billingEmail: 'ap@acme.test',
      vatId: 'BE0123456749',
      timeZone: 'Europe/Brussels',
      metadata: { crm: 'acct-42', tier: 'gold' },
    });
    // The workflow's history records the change: it is the one writer of the organization.
    const history = await engine.client.workflow.getHandle(`billing/${orgId}`).fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name)).toContain(
      'updateOrganization',
    );
    // Each recorded change is one organization.updated event, recorded by the activity that wrote it.
    expect((await patch(orgId, key, { name: 'Acme Telephony NV' })).status).toBe(200);
    const events = await engine.models.Event.find({ orgId, type: 'organization.updated' }).sort({ sequence: 1 }).lean();
    expect(events.map((e) => (e.data as { organization: { name: string } }).organization.name)).toEqual([
      'Acme Telephony SA',
      'Acme Telephony NV',
    ]);
    expect(events.map((e) => e.key)).toEqual([expect.stringMatching(/^organization-updated:billing\//), expect.any(String)]);
  });

  it('refuses bad values with 400 naming the field, and writes nothing', async () => {
    const { orgId, key } = await engine.createOrganization();
    const cases: [Record<string, unknown>, string][] = [
      [{ billingEmail: 'nope' }, 'billingEmail'],
      [{ vatId: 'BE0123456789' }, 'vatId'], // check digits wrong
      [{ vatId: 'XX123' }, 'vatId'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ name: '   ' }, 'name'],
      [{ externalId: 'has spaces' }, 'externalId'],
      [{ metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata'],
      [{ metadata: { ok: 'x'.repeat(501) } }, 'metadata.ok'],
      [{ plan: { setupFeeMinor: 0 } }, '(body)'],
      [{}, '(body)'],
    ];
    for (const [body, field] of cases) {
      const answer = await patch(orgId, key, body);
      expect([body, answer.status, answer.json.error.field]).toEqual([body, 400, field]);
    }
    const org = (await engine.models.Organization.findById(orgId).lean())!;
    expect(org).toMatchObject({ billingEmail: 'billing@acme.test', vatId: '', timeZone: 'UTC', name: 'Acme Telephony' });
    expect(await engine.models.Event.countDocuments({ orgId, type: 'organization.updated' })).toBe(0);
  });

  it("answers 404 to another organization's key and 409 when billing is not running", async () => {
    const mine = await engine.createOrganization();
    const theirs = await engine.createOrganization();
    expect((await patch(theirs.orgId, mine.key, { name: 'Taken over' })).status).toBe(404);
    expect((await engine.models.Organization.findById(theirs.orgId).lean())!.name).toBe('Acme Telephony');

    const idle = await startEngine(); // billing does not start with the organization here
    try {
      const org = await idle.createOrganization();
      const answer = await idle.call('PATCH', `/v1/organizations/${org.orgId}`, {
        key: org.key,
        body: { name: 'Nobody writes me', externalId: 'idle-1' },
      });
      expect(answer.status).toBe(409);
      expect((await idle.models.Organization.findById(org.orgId).lean())!.name).toBe('Acme Telephony');
      // The external id it claimed is released: another organization may take it.
      expect(await idle.models.ExternalIdClaim.exists({ _id: 'idle-1' })).toBeNull();
    } finally {
      await idle.stop();
    }
  });

  it('keeps external ids unique and finds an organization by its external id (admin key)', async () => {
    const a = await engine.createOrganization({ name: 'A Ltd' });
    const b = await engine.createOrganization({ name: 'B Ltd' });
    const externalId = `cust-${Date.now()}`;
    expect((await patch(a.orgId, a.key, { externalId })).json.externalId).toBe(externalId);
    expect((await patch(a.orgId, a.key, { externalId })).status).toBe(200); // the same again is fine
    const taken = await patch(b.orgId, b.key, { externalId });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toContain('externalId');

    const found = await engine.call('GET', `/v1/organizations?externalId=${externalId}`, { key: ADMIN_KEY });
    expect(found.status).toBe(200);
    expect(found.json.data.map((o: { id: string }) => o.id)).toEqual([a.orgId]);
    expect((await engine.call('GET', `/v1/organizations?externalId=${externalId}`, { key: a.key })).status).toBe(403);

    // A moves to another id: the old one is free for B.
    await patch(a.orgId, a.key, { externalId: `${externalId}-new` });
    expect((await patch(b.orgId, b.key, { externalId })).status).toBe(200);
    const now = await engine.call('GET', `/v1/organizations?externalId=${externalId}`, { key: ADMIN_KEY });
    expect(now.json.data.map((o: { id: string }) => o.id)).toEqual([b.orgId]);
    expect((await engine.call('GET', '/v1/organizations?externalId=unknown-x', { key: ADMIN_KEY })).json.data).toEqual([]);
  });

  it('gives an external id claimed by several organizations at once to exactly one of them', async () => {
    const orgs = await Promise.all(['C1', 'C2', 'C3'].map((name) => engine.createOrganization({ name: `${name} Ltd` })));
    const externalId = `race-${Date.now()}`;
    const answers = await Promise.all(orgs.map((o) => patch(o.orgId, o.key, { externalId })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const winner = orgs[answers.findIndex((a) => a.status === 200)];
    const holders = await engine.models.Organization.find({ externalId }, { _id: 1 }).lean();
    expect(holders.map((o) => o._id)).toEqual([winner.orgId]);
    expect(await engine.models.ExternalIdClaim.findById(externalId).lean()).toMatchObject({ orgId: winner.orgId });
  });
});
