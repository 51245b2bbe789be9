/**
 * Replays recorded histories of every workflow (test/replay/histories/*.json, from `npm run
 * record-histories`) against the current workflow bundle: a change that would not replay (a command
 * added, removed or reordered without `patched()`) fails here before it can break a running workflow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { quietRuntime, workflowBundle } from '../helpers/temporal';
import { fromHistoryFile, type HistoryFile } from './history-file';

const DIR = path.join(__dirname, 'histories');
const files = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort();
const read = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as HistoryFile;
const load = (file: string) => ({ workflowId: read(file).workflowId, history: fromHistoryFile(read(file)) });

it('has a recorded history for every workflow type', () => {
  const recorded = new Set(files.map((file) => load(file).history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
  // The workflow types the worker registers, read from workflows/index.ts (workflow code is not loaded outside its sandbox).
  const index = readFileSync(path.join(__dirname, '../../workflows/index.ts'), 'utf8');
  const registered = [...index.matchAll(/export \{ (\w+) \}/g)].map((m) => m[1]);
  expect([...recorded].sort()).toEqual(registered.sort());
});

it('replays every recorded history on the current code', async () => {
  quietRuntime();
  const results: { workflowId: string; error?: unknown }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: workflowBundle() }, files.map(load))) {
    results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
  }
  expect(results.length).toBe(files.length);
  expect(results.filter((r) => r.error)).toEqual([]);
});

it('fails a billing-cycle history whose commands no longer match (the check can fail)', async () => {
  quietRuntime();
  const file = read(files.find((f) => f.startsWith('billing-cycle-timer'))!);
  const scheduled = file.history.events.find((event) => event.activityTaskScheduledEventAttributes) as {
    activityTaskScheduledEventAttributes: { activityType: { name: string } };
  };
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'chargeSomethingElse';
  const errors: unknown[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: workflowBundle() }, [
    { workflowId: file.workflowId, history: fromHistoryFile(file) },
  ]))
    errors.push(result.error);
  expect(String(errors[0])).toMatch(/[Nn]ondetermin/);
});
