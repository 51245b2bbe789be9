import type { Config } from 'jest';
import { createDefaultPreset } from 'ts-jest';

/**
 * ts-jest transpiles each file on its own (no type-check: `tsc --noEmit` in scripts/test.sh does that once)
 * because tsconfig.json sets `isolatedModules: true`; ts-jest 29.4 deprecated its own `isolatedModules` option
 * in favour of that tsconfig setting.
 */
const config: Config = {
  ...createDefaultPreset({ tsconfig: '<rootDir>/tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 60_000,
  // One Temporal dev server, FerretDB, stripe-mock and workflow bundle for the whole run.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

export default config;
