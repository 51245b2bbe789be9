/**
 * No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically: the compose
 * file against the Compose Specification's JSON schema (vendored: test/fixtures/compose-spec.README.md), and
 * both against the app: every variable they set is one config/index.ts reads, the values parse, and the
 * search attributes created at start-up are those workflows/definitions.ts declares.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../config';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../workflows/definitions';
import { PRODUCTION_ENV } from '../helpers/production-env';

const root = path.resolve(__dirname, '../..');
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>;
      ports?: unknown[];
      container_name?: string;
      command?: unknown;
      image?: string;
      build?: unknown;
      depends_on?: Record<string, { condition: string }>;
    }
  >;
};
const APP_SERVICES = ['api', 'worker'];
const configKeys = Object.keys(configSchema.shape);

/** Compose's interpolation of `${VAR}`, `${VAR:-default}`, `${VAR:?message}` (refuses to start when unset) and `$$`. */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
    (match, name: string | undefined, operator: string | undefined, argument: string | undefined) => {
      if (match === '$$') return '$';
      const set = env[name!];
      if (operator?.endsWith('?')) {
        if (!set) throw new Error(`required variable ${name} is missing a value: ${argument}`);
        return set;
      }
      return set || argument || '';
    },
  );
}

const dockerfileEnv = () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile)![1];
  return Object.fromEntries([...envBlock.matchAll(/([A-Z_]+)=(\S+)/g)].map(([, key, value]) => [key, value]));
};

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/compose-spec.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a misspelt key and a wrong type are refused', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/compose-spec.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    expect(validate({ services: { api: { image: 'x', enviroment: {} } } })).toBe(false);
    expect(validate({ services: { api: { image: 'x', ports: 'not-a-list' } } })).toBe(false);
  });

  it('runs Temporal with PostgreSQL and its Web UI, MongoDB as a replica set, the worker and the API', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'mongodb', 'mongodb-init', 'postgresql', 'temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
    );
    expect(compose.services.mongodb.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(JSON.stringify(compose.services['mongodb-init'].command)).toContain('rs.initiate');
    expect(compose.services.api.environment!.MONGODB_URI).toContain('replicaSet=rs0');
    for (const name of APP_SERVICES) {
      expect(compose.services[name].depends_on).toMatchObject({
        'temporal-setup': { condition: 'service_completed_successfully' },
        'mongodb-init': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('lets the worker scale: no container name, no host port', () => {
    expect(compose.services.worker.container_name).toBeUndefined();
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.command).toEqual(['node', '--import', 'tsx', 'worker/index.ts']);
    expect(compose.services.api.command).toEqual(['node', '--import', 'tsx', 'api/server.ts']);
  });

  it('sets only variables the app reads, with values the app accepts', () => {
    for (const name of APP_SERVICES) {
      const environment = compose.services[name].environment!;
      expect(Object.keys(environment).filter((key) => !configKeys.includes(key))).toEqual([]);
      const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value), PRODUCTION_ENV)]));
      const config = loadConfig({ ...dockerfileEnv(), ...env });
      expect(config).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        API_HOST: '0.0.0.0',
        API_PORT: 3000,
        WORKER_HTTP_HOST: '0.0.0.0',
        WORKER_METRICS_PORT: 9464,
        WORKER_HEALTH_PORT: 9465,
      });
    }
    // A value from the user's .env wins over the default.
    expect(interpolate('${LOG_LEVEL:-info}', { LOG_LEVEL: 'debug' })).toBe('debug');
  });

  it("runs in production: NODE_ENV is the image's, and every secret must come from the .env, with no development default", () => {
    expect(dockerfileEnv().NODE_ENV).toBe('production');
    const required = [
      'ADMIN_API_KEY',
      'BANK_WEBHOOK_SECRET',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'PAYPAL_CLIENT_ID',
      'PAYPAL_CLIENT_SECRET',
      'RESEND_API_KEY',
      'PUBLIC_BASE_URL',
      'SELLER_IBAN',
      'SELLER_BIC',
    ];
    for (const name of APP_SERVICES) {
      const environment = compose.services[name].environment!;
      expect(environment.NODE_ENV).toBeUndefined();
      for (const variable of required) {
        expect(environment[variable]).toMatch(new RegExp(`^\\$\\{${variable}:\\?.+\\}$`));
        const { [variable]: _left, ...incomplete } = PRODUCTION_ENV as Record<string, string>;
        expect(() => interpolate(String(environment[variable]), incomplete)).toThrow(new RegExp(variable));
      }
      expect(composeText).not.toMatch(/dev-bank-webhook-secret|whsec_dev|dev-admin-key|sk_test_dev/);
    }
  });

  it('creates exactly the search attributes workflows/definitions.ts declares, in the namespace the app uses', () => {
    const setup = compose.services['temporal-setup'].environment!;
    expect(setup.SEARCH_ATTRIBUTES.split(/\s+/).sort()).toEqual([...SEARCH_ATTRIBUTE_FLAGS].sort());
    expect(setup.NAMESPACE).toBe(compose.services.api.environment!.TEMPORAL_NAMESPACE);
    expect(JSON.stringify(compose.services['temporal-setup'].command)).toContain('temporal operator search-attribute create');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

  it('builds on node:20-slim, prebuilds the workflow bundle and points the app at it', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim AS build$/m);
    expect(dockerfile).toMatch(/^FROM node:20-slim AS runtime$/m);
    expect(dockerfile).toContain('RUN npm run build:bundle -- /app/dist/workflow-bundle.js');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts['build:bundle']).toBe('tsx worker/build-bundle.ts');
    expect(pkg.dependencies.tsx).toBeDefined(); // the runtime stage installs without devDependencies
    const env = dockerfileEnv();
    expect(Object.keys(env).filter((key) => !configKeys.includes(key))).toEqual([]);
    expect(env.WORKFLOW_BUNDLE_PATH).toBe(compose.services.worker.environment!.WORKFLOW_BUNDLE_PATH);
  });

  it('npm run build:bundle writes a bundle with the workflows and their log interceptors', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    try {
      const target = path.join(dir, 'workflow-bundle.js');
      execFileSync(process.execPath, ['--import', 'tsx', 'worker/build-bundle.ts', target], { cwd: root, stdio: 'pipe' });
      expect(existsSync(target)).toBe(true);
      const code = readFileSync(target, 'utf8');
      expect(code).toContain('topUpWorkflow');
      expect(code).toContain('billing-org-id');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
