/**
 * Starts the servers the whole suite shares and bundles the workflow code once. Jest runs this in its parent
 * process before any test file; test processes inherit the environment set here, which is how tests find
 * the servers (see test/helpers/*). test/global-teardown.ts stops them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import {
  killChildrenOnSignals,
  startFerretDb,
  startStripeMock,
  startTemporalDevServer,
  stopAll,
  type ChildHandle,
} from '../scripts/servers';

declare global {
  // Shared with global-teardown, which runs in the same process.
  var __BILLING_TEST_SERVERS__: { handles: ChildHandle[]; tmpDir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Logs in a fixed, git-ignored place so they are easy to find after a failure; replaced on every run.
  const logDir = path.resolve(__dirname, '../.data/test-logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'billing-test-'));
  const handles: ChildHandle[] = [];
  // Jest skips globalTeardown when interrupted or when setup fails: leave neither servers nor files behind.
  const removeTmpDir = () => rmSync(tmpDir, { recursive: true, force: true });
  killChildrenOnSignals(removeTmpDir);
  process.once('exit', removeTmpDir);
  globalThis.__BILLING_TEST_SERVERS__ = { handles, tmpDir };
  const started = <T extends ChildHandle>(handle: T) => (handles.push(handle), handle);

  const temporal = startTemporalDevServer({ logDir }).then(started);
  const ferretdb = startFerretDb({ dataDir: path.join(tmpDir, 'ferretdb'), logDir }).then(started);
  const stripeMock = startStripeMock({ logDir }).then(started);
  // Bundling takes seconds; done once here instead of in every Worker of every test file.
  const bundlePath = bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: new DefaultLogger('WARN'),
  }).then(({ code }) => {
    const file = path.join(tmpDir, 'workflow-bundle.js');
    writeFileSync(file, code);
    return file;
  });

  // Wait for all four even when one fails, so that every server started is stopped.
  const results = await Promise.allSettled([temporal, ferretdb, stripeMock, bundlePath]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await stopAll(handles);
    throw (failed as PromiseRejectedResult).reason;
  }

  process.env.TEMPORAL_ADDRESS = (await temporal).address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.MONGODB_URI = `${(await ferretdb).uri}billing_test`;
  process.env.STRIPE_MOCK_URL = (await stripeMock).url;
  process.env.WORKFLOW_BUNDLE_PATH = await bundlePath;
  process.env.TEST_SERVERS_LOG_DIR = logDir;
}
