/** A throwaway database per test file (or test) on the FerretDB server from test/global-setup.ts. */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase, type Models } from '../../models';

export async function testDatabase(): Promise<{ db: Connection; models: Models; uri: string; drop: () => Promise<void> }> {
  const base = process.env.MONGODB_URI;
  if (!base) throw new Error('MONGODB_URI is not set: run tests through jest (test/global-setup.ts)');
  const uri = new URL(base);
  uri.pathname = `/test_${randomBytes(6).toString('hex')}`; // unique, so test files never see each other's data
  const { db, models } = await connectDatabase(uri.toString(), 5);
  const drop = async () => {
    await db.dropDatabase();
    await db.close();
  };
  return { db, models, uri: uri.toString(), drop };
}
