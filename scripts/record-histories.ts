/**
 * `npm run record-histories`: records real runs of every workflow into test/replay/histories/*.json, which
 * test/replay/replay.test.ts replays against the current code (Worker.runReplayHistories): a change that
 * would break a running workflow (a command added, removed or reordered) then fails the suite.
 *
 * Re-record after a deliberate change only, and only for workflows not yet released; for released ones
 * keep the old history and add `patched()` to the workflow instead.
 *
 * Starts its own Temporal dev server and FerretDB (scripts/servers.ts), bundles the workflows as the
 * production worker does (with interceptors), and drives each scenario through the API and the provider
 * fakes of the test suite, so the histories are those of real runs. Takes about a minute.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toHistoryFile } from '../test/replay/history-file';
import { buildWorkflowBundle } from '../worker/build-bundle';
import { startFerretDb, startTemporalDevServer, stopAll, type ChildHandle } from './servers';

const OUT = path.resolve(__dirname, '../test/replay/histories');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'billing-histories-'));
  const logDir = path.join(tmp, 'logs');
  const handles: ChildHandle[] = [];
  try {
    const [temporal, ferretdb, bundle] = await Promise.all([
      startTemporalDevServer({ logDir }).then((h) => (handles.push(h), h)),
      startFerretDb({ dataDir: path.join(tmp, 'ferretdb'), logDir }).then((h) => (handles.push(h), h)),
      buildWorkflowBundle(),
    ]);
    const bundlePath = path.join(tmp, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle);
    // The test helpers find the servers and the bundle through these, as under jest.
    Object.assign(process.env, {
      TEMPORAL_ADDRESS: temporal.address,
      MONGODB_URI: `${ferretdb.uri}histories`,
      WORKFLOW_BUNDLE_PATH: bundlePath,
    });
    const { record } = await import('./record-histories/scenarios');
    const only = process.argv[2];
    const histories = await record(only);
    // A full recording replaces the directory; one group's recording replaces only its own files.
    if (!only) rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const { name, workflowId, history } of histories) {
      writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(toHistoryFile(workflowId, history), null, 1)}\n`);
      console.log(`recorded ${name} (${history.events?.length ?? 0} events)`);
    }
  } finally {
    await sleep(100);
    await stopAll(handles);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error('record-histories failed:', error);
    process.exit(1);
  },
);
