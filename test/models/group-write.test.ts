import { Schema } from 'mongoose';
import { isDuplicateKey } from '../../models/duplicate-key';
import { insertGrouped, updateGroupedById } from '../../models/group-write';
import { testDatabase } from '../helpers/database';

type Db = Awaited<ReturnType<typeof testDatabase>>;
let database: Db;
const probeSchema = new Schema({ _id: String, n: { type: Number, required: true }, note: String }, { timestamps: true });
const probes = () => database.db.models.Probe ?? database.db.model('Probe', probeSchema, 'group_write_probes');

beforeAll(async () => {
  database = await testDatabase();
  await probes().init();
});
afterAll(() => database.drop());
afterEach(() => jest.restoreAllMocks());

describe('group commit', () => {
  it('sends inserts made together as one insertMany, each with its own fields and timestamps', async () => {
    const model = probes();
    const insertMany = jest.spyOn(model, 'insertMany');
    await Promise.all(Array.from({ length: 40 }, (_, n) => insertGrouped(model, { _id: `a-${n}`, n })));
    const stored = await model.find({ _id: /^a-/ }).sort({ n: 1 }).lean<{ n: number; createdAt?: Date }[]>();
    expect(stored.map((doc) => doc.n)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(stored.every((doc) => doc.createdAt instanceof Date)).toBe(true);
    expect(insertMany.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(insertMany.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('refuses a duplicate key to its own caller only, within a batch and against what is stored', async () => {
    const model = probes();
    await model.create({ _id: 'b-taken', n: 0 });
    const writes = [
      insertGrouped(model, { _id: 'b-1', n: 1 }),
      insertGrouped(model, { _id: 'b-taken', n: 2 }),
      insertGrouped(model, { _id: 'b-twice', n: 3 }),
      insertGrouped(model, { _id: 'b-twice', n: 4 }),
      insertGrouped(model, { _id: 'b-5', n: 5 }),
    ];
    const outcomes = await Promise.allSettled(writes);
    const refused = outcomes.map((o) => (o.status === 'rejected' ? isDuplicateKey(o.reason) : 'ok'));
    expect(refused).toEqual(['ok', true, 'ok', true, 'ok']);
    const stored = await model.find({ _id: /^b-/ }).sort({ _id: 1 }).lean<{ _id: string; n: number }[]>();
    expect(stored.map(({ _id, n }) => [_id, n])).toEqual([
      ['b-1', 1],
      ['b-5', 5],
      ['b-taken', 0],
      ['b-twice', 3],
    ]);
  });

  it('fails an invalid document alone and inserts the rest of its batch', async () => {
    const model = probes();
    const outcomes = await Promise.allSettled([
      insertGrouped(model, { _id: 'c-1', n: 1 }),
      insertGrouped(model, { _id: 'c-bad' }),
      insertGrouped(model, { _id: 'c-3', n: 3 }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.name).toBe('ValidationError');
    expect(await model.countDocuments({ _id: { $in: ['c-1', 'c-bad', 'c-3'] } })).toBe(2);
  });

  it('answers an invalid document and a duplicate of the same batch each with its own refusal', async () => {
    const model = probes();
    await model.create({ _id: 'f-taken', n: 0 });
    const outcomes = await Promise.allSettled([
      insertGrouped(model, { _id: 'f-1', n: 1 }),
      insertGrouped(model, { _id: 'f-bad' }),
      insertGrouped(model, { _id: 'f-taken', n: 2 }),
      insertGrouped(model, { _id: 'f-4', n: 4 }),
    ]);
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? (isDuplicateKey(o.reason) ? 'duplicate' : o.reason.name) : 'ok'));
    expect(reasons).toEqual(['ok', 'ValidationError', 'duplicate', 'ok']);
    expect(await model.countDocuments({ _id: { $in: ['f-1', 'f-4'] } })).toBe(2);
  });

  it('answers each write alone when a batch fails without saying which write failed', async () => {
    const model = probes();
    const real = model.insertMany.bind(model);
    let failed = false;
    jest.spyOn(model, 'insertMany').mockImplementation(((docs: unknown[], options: object) => {
      if (!failed && docs.length > 1) {
        failed = true;
        return Promise.reject(new Error('connection reset'));
      }
      return real(docs as never, options as never);
    }) as never);
    await Promise.all([insertGrouped(model, { _id: 'd-1', n: 1 }), insertGrouped(model, { _id: 'd-2', n: 2 })]);
    expect(failed).toBe(true);
    expect(await model.countDocuments({ _id: { $in: ['d-1', 'd-2'] } })).toBe(2);
  });

  it('sends updates by _id made together as one bulkWrite, each applied to its own document', async () => {
    const model = probes();
    await model.insertMany(Array.from({ length: 30 }, (_, n) => ({ _id: `e-${n}`, n })));
    const bulkWrite = jest.spyOn(model, 'bulkWrite');
    await Promise.all(Array.from({ length: 30 }, (_, n) => updateGroupedById(model, `e-${n}`, { $set: { note: `note ${n}` } })));
    const stored = await model.find({ _id: /^e-/ }).sort({ n: 1 }).lean<{ n: number; note?: string }[]>();
    expect(stored.map((doc) => doc.note)).toEqual(Array.from({ length: 30 }, (_, n) => `note ${n}`));
    expect(bulkWrite.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
