import { rmSync } from 'node:fs';
import { stopAll } from '../scripts/servers';

/** Stops what test/global-setup.ts started; keeps the logs in .data/test-logs for a post-mortem. */
export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__BILLING_TEST_SERVERS__;
  if (!servers) return;
  await stopAll(servers.handles);
  rmSync(servers.tmpDir, { recursive: true, force: true });
  globalThis.__BILLING_TEST_SERVERS__ = undefined;
}
