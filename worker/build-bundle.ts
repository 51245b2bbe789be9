/**
 * `npm run build:bundle [-- <file>]`: bundles the workflow code (with its interceptors) once, for workers
 * that start with WORKFLOW_BUNDLE_PATH=<file> instead of bundling at start-up (the Docker image does this).
 * Writes to <file>, else to WORKFLOW_BUNDLE_PATH, else dist/workflow-bundle.js.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Workflow interceptor modules: in every bundle, prebuilt or built by the worker at start-up. */
export const workflowInterceptorModules = [require.resolve('../workflows/interceptors')];

export async function buildWorkflowBundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), workflowInterceptorModules });
  return code;
}

if (require.main === module) {
  const target = path.resolve(process.argv[2] ?? process.env.WORKFLOW_BUNDLE_PATH ?? 'dist/workflow-bundle.js');
  buildWorkflowBundle()
    .then((code) => {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, code);
      console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
    })
    .catch((error) => {
      console.error('bundling failed:', error);
      process.exit(1);
    });
}
