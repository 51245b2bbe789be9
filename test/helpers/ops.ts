/** The ops CLI, run in-process against a test engine, as an operator would type it. */
import { runOps } from '../../scripts/ops';
import type { Engine } from './engine';

/** Answers the CLI's exit code and everything it printed. */
export async function opsCli(engine: Pick<Engine, 'client' | 'config' | 'models'>, ...argv: string[]) {
  let output = '';
  const code = await runOps(argv, {
    client: engine.client,
    config: engine.config,
    models: async () => engine.models,
    out: (text) => (output += text),
  });
  return { code, output };
}
