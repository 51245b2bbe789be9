/** The event recorder: the facts of one effect in one insert, once per effect, gapless per organization. */
import { createEventRecorder } from '../../activities/events';
import { loadConfig } from '../../config';
import type { EventRecord } from '../../models/event';
import { testDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => (database = await testDatabase()));
afterAll(() => database.drop());

const config = loadConfig({ ...process.env, NODE_ENV: 'test', RESEND_API_KEY: '' });
const fact = (key: string, orgId: string | null = 'org_a') => ({ key, type: 'balance.low' as const, orgId, data: { key } });
const streamOf = async (orgId: string) =>
  (await database.models.Event.find({ orgId }).sort({ sequence: 1 }).lean<EventRecord[]>()).map((e) => [e.sequence, e.key]);

test('facts of one effect share one insert, and a retry of the effect records nothing twice', async () => {
  const recorder = createEventRecorder({ models: database.models, config });
  await recorder.recordEvent(fact('first'));
  const inserts = jest.spyOn(database.models.Event, 'insertMany');
  const creates = jest.spyOn(database.models.Event, 'create');
  const recorded = await recorder.recordEvents([fact('credited'), undefined, fact('paid')]);
  expect([inserts.mock.calls.length, creates.mock.calls.length]).toEqual([1, 0]);
  inserts.mockRestore();
  creates.mockRestore();
  expect(recorded.map((e) => [e.sequence, e.key])).toEqual([
    [2, 'credited'],
    [3, 'paid'],
  ]);
  // The activity retried (a crash after the insert): the same events, at the same positions.
  const again = await recorder.recordEvents([fact('credited'), fact('paid')]);
  expect(again.map((e) => [e.id, e.sequence])).toEqual(recorded.map((e) => [e.id, e.sequence]));
  // Another process, which knows nothing of this stream, records the retry too.
  const other = createEventRecorder({ models: database.models, config });
  await other.recordEvents([fact('credited'), fact('paid')]);
  expect(await streamOf('org_a')).toEqual([
    [1, 'first'],
    [2, 'credited'],
    [3, 'paid'],
  ]);
});

test('another writer took the positions this process expected: the batch goes after it, still gapless', async () => {
  const mine = createEventRecorder({ models: database.models, config });
  const theirs = createEventRecorder({ models: database.models, config });
  await mine.recordEvent(fact('b1', 'org_b')); // this process now expects position 2 next
  await theirs.recordEvents([fact('b2', 'org_b'), fact('b3', 'org_b')]);
  await mine.recordEvents([fact('b4', 'org_b'), fact('b5', 'org_b')]);
  await mine.recordEvents([fact('b6', 'org_b'), fact('b7', 'org_b')]); // from the head it learned
  expect(await streamOf('org_b')).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [n, `b${n}`]));
});

test('facts of different organizations go to their own streams', async () => {
  const recorder = createEventRecorder({ models: database.models, config });
  const recorded = await recorder.recordEvents([fact('c1', 'org_c'), fact('d1', 'org_d'), fact('c2', 'org_c')]);
  expect(recorded.map((e) => [e.stream, e.sequence, e.key])).toEqual([
    ['org_c', 1, 'c1'],
    ['org_c', 2, 'c2'],
    ['org_d', 1, 'd1'],
  ]);
});
