/**
 * Property-based fuzzing of the API from its own OpenAPI document, with schemathesis (installed pinned into
 * the tools venv by scripts/install-tools.sh). The engine is served over HTTP on a free port, with its
 * providers answered by the fakes, and schemathesis runs twice: the organization's routes with that
 * organization's key and its id in every path, and every other route with the admin key. Every check it
 * has must hold — no 5xx, answers (status, content type, headers, body) as documented, schema-valid input
 * accepted and invalid input refused, 405 for undeclared methods — plus ours (test/hardening/fuzz/hooks.py):
 * every refusal is the error JSON, and an invalid request names its field.
 *
 * FUZZ_MAX_EXAMPLES (default 6) bounds the cases per operation and phase, which keeps this to a minute or two.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { toolPath } from '../../scripts/servers';
import { ADMIN_KEY, type Engine } from '../helpers/engine';
import { startEngineWithFakeProviders } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';

const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '6';
const ORGANIZATION_ROUTES = '^/v1/organizations/\\{orgId\\}';

let engine: Engine;
let stop: () => Promise<void>;
let server: ServerType;
let baseUrl: string;
let tmp: string;
beforeAll(async () => {
  // The unauthenticated routes' rate limit would answer most of a fuzz run 429.
  ({ engine, stop } = await startEngineWithFakeProviders({ PUBLIC_ROUTE_RATE_LIMIT: '100000' }));
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: engine.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp = mkdtempSync(path.join(os.tmpdir(), 'billing-fuzz-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stop();
  await (await testClient()).close();
  rmSync(tmp, { recursive: true, force: true });
});

interface FuzzRun {
  code: number | null;
  output: string;
  /** Test cases schemathesis generated and sent, from its JSON report. */
  cases: number;
}

function schemathesis(name: string, key: string, orgId: string, filter: string[]): Promise<FuzzRun> {
  const report = path.join(tmp, `${name}.json`);
  const args = [
    '--config-file',
    path.join(__dirname, 'fuzz', 'schemathesis.toml'),
    'run',
    `${baseUrl}/openapi.json`,
    '--checks',
    'all',
    '--max-examples',
    MAX_EXAMPLES,
    '--phases',
    'examples,coverage,fuzzing',
    // One worker: schemathesis' coverage phase crashed in CPython's compiler with two (an AST recursion-depth
    // SystemError in a thread), which is its bug, not a finding about the API.
    '--workers',
    '1',
    '--seed',
    process.env.FUZZ_SEED ?? '1',
    '--request-timeout',
    '15',
    '--max-response-time',
    '10',
    '--header',
    `Authorization: Bearer ${key}`,
    '--report',
    'json',
    '--report-json-path',
    report,
    '--generation-database',
    'none',
    '--no-color',
    '--output-truncate',
    'true',
    ...filter,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath('schemathesis'), args, {
      cwd: tmp,
      env: { ...process.env, FUZZ_ORG_ID: orgId, SCHEMATHESIS_HOOKS: path.join(__dirname, 'fuzz', 'hooks.py') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      let cases = 0;
      try {
        cases = countCases(JSON.parse(readFileSync(report, 'utf8')));
      } catch {
        // no report: the output says why
      }
      // The whole output, for reading after a failure (jest shows its end).
      const logDir = process.env.TEST_SERVERS_LOG_DIR ?? tmp;
      mkdirSync(logDir, { recursive: true });
      writeFileSync(path.join(logDir, `schemathesis-${name}.txt`), output);
      resolve({ code, output, cases });
    });
  });
}

/** The JSON report's total of generated test cases, wherever this version keeps it. */
function countCases(report: unknown): number {
  const found: number[] = [];
  const walk = (value: unknown, key = '') => {
    if (typeof value === 'number' && /^(total|generated)$/.test(key)) found.push(value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(report);
  return Math.max(0, ...found);
}

it("answers every request its document allows as documented, with an organization's key", async () => {
  const { orgId, key } = await engine.createOrganization();
  const run = await schemathesis('organization', key, orgId, ['--include-path-regex', ORGANIZATION_ROUTES]);
  console.log(`schemathesis, organization key: ${run.cases} test cases\n${run.output.slice(-6000)}`);
  expect({ code: run.code, output: run.output.slice(-20000) }).toEqual({ code: 0, output: expect.any(String) });
  expect(run.cases).toBeGreaterThan(100);
}, 300_000);

it('answers every request its document allows as documented, with the admin key', async () => {
  const { orgId } = await engine.createOrganization();
  const run = await schemathesis('admin', ADMIN_KEY, orgId, ['--exclude-path-regex', ORGANIZATION_ROUTES]);
  console.log(`schemathesis, admin key: ${run.cases} test cases\n${run.output.slice(-6000)}`);
  expect({ code: run.code, output: run.output.slice(-20000) }).toEqual({ code: 0, output: expect.any(String) });
  expect(run.cases).toBeGreaterThan(100);
}, 300_000);
