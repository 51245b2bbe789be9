/** Proves the servers from test/global-setup.ts are real and configured the way the engine needs. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { MongoClient } from 'mongodb';
import { Schema } from 'mongoose';
import Stripe from 'stripe';
import { freePort, startFerretDb } from '../../scripts/servers';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../workflows/definitions';
import { testDatabase } from '../helpers/database';
import { testClient, withWorker } from '../helpers/temporal';

describe('Temporal dev server', () => {
  let temporalClient: Awaited<ReturnType<typeof testClient>>;
  beforeAll(async () => (temporalClient = await testClient()));
  afterAll(() => temporalClient.close());

  it('answers getSystemInfo', async () => {
    const info = await temporalClient.connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('has every search attribute of SEARCH_ATTRIBUTE_FLAGS registered with its type', async () => {
    const { operatorService } = temporalClient.connection;
    const { customAttributes } = await operatorService.listSearchAttributes({ namespace: 'default' });
    const { IndexedValueType } = temporal.api.enums.v1;
    for (const flag of SEARCH_ATTRIBUTE_FLAGS) {
      const [name, type] = flag.split('='); // e.g. BillingOrgId=Keyword
      const expected = IndexedValueType[`INDEXED_VALUE_TYPE_${type.toUpperCase()}` as keyof typeof IndexedValueType];
      expect({ name, type: customAttributes?.[name] }).toEqual({ name, type: expected });
    }
  });

  it('runs a Worker on the prebuilt workflow bundle', async () => {
    const taskQueue = await withWorker({ noop: async () => undefined }, async (queue) => queue);
    expect(taskQueue).toMatch(/^test-/);
  });
});

describe('FerretDB', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => (database = await testDatabase()));
  afterAll(() => database.drop());

  it('round-trips a document through mongoose and enforces a unique index', async () => {
    const Thing = database.db.model('InfraThing', new Schema({ key: { type: String, unique: true }, n: Number }));
    await Thing.createIndexes();
    await Thing.create({ key: 'a', n: 1 });
    expect(await Thing.findOne({ key: 'a' }).lean()).toMatchObject({ key: 'a', n: 1 });
    await expect(Thing.create({ key: 'a', n: 2 })).rejects.toMatchObject({ code: 11000 });
    expect(await Thing.countDocuments()).toBe(1);
  });

  it('looks documents up by _id through the _id index (our FerretDB build carries tools/ferretdb/id-index.patch)', async () => {
    const things = database.db.collection<{ _id: string; n: number }>('id_lookups');
    await things.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `thing-${n}`, n })));
    const plan = JSON.stringify((await things.find({ _id: 'thing-7' }).explain()).queryPlanner);
    // SQLite's plan, as FerretDB reports it: an index search, not a scan of the whole table.
    expect(plan).toMatch(/SEARCH .* USING INDEX .*_id_/);
    expect(await things.findOne({ _id: 'thing-7' })).toEqual({ _id: 'thing-7', n: 7 });
    await things.updateOne({ _id: 'thing-7' }, { $set: { n: 70 } });
    expect((await things.find({}).toArray()).filter((t) => t.n === 70).map((t) => t._id)).toEqual(['thing-7']);
  });

  it('does no debug-only work per command (tools/ferretdb/release-quiet.patch)', async () => {
    // A FerretDB of its own, with Go's profiler on: unpatched, every cursor, iterator and transaction of a
    // command is recorded in a "FerretDB/..." pprof profile with its stack; patched, none is.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-quiet-'));
    const pprofAddr = `127.0.0.1:${await freePort()}`;
    const server = await startFerretDb({ dataDir: dir, logDir: dir, env: { ...process.env, FERRETDB_PPROF_ADDR: pprofAddr } });
    const client = new MongoClient(server.uri);
    try {
      const docs = client.db('quiet').collection<{ _id: string; n: number }>('docs');
      await docs.insertMany(Array.from({ length: 20 }, (_, n) => ({ _id: `d${n}`, n })));
      for (let n = 0; n < 20; n++) expect(await docs.findOne({ _id: `d${n}` })).toEqual({ _id: `d${n}`, n });
      const profiles = await (await fetch(`http://${pprofAddr}/debug/pprof/?debug=1`)).text();
      expect(profiles).toContain('goroutine'); // the profiler answers: the check below means something
      expect(profiles.match(/FerretDB\/\S+/g) ?? []).toEqual([]);
    } finally {
      await client.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stripe-mock', () => {
  it('answers the stripe SDK', async () => {
    const { hostname, port } = new URL(process.env.STRIPE_MOCK_URL!);
    const stripe = new Stripe('sk_test_123', { host: hostname, port: Number(port), protocol: 'http' });
    const customer = await stripe.customers.create({ email: 'infra@example.com' });
    expect(customer.id).toMatch(/^cus_/);
  });
});
