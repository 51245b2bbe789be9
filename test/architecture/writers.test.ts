/**
 * The README's "Who writes what" table is the rule of one owner per document; this reads every production
 * source file for the calls that write a collection and fails when a module writes one that the table does
 * not name it for (or the table names a writer that no longer writes it). Pure text, no servers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Production code; scripts/bench and scripts/record-histories seed data for measurements and recordings. */
const FOLDERS = ['api', 'activities', 'workflows', 'models', 'domain', 'config', 'worker', 'providers', 'scripts'];
const EXCLUDED = ['scripts/bench', 'scripts/record-histories'];
const WRITES = [
  'create',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findByIdAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'findByIdAndDelete',
  'deleteOne',
  'deleteMany',
  'bulkWrite',
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    const rel = relative(ROOT, path);
    if (EXCLUDED.some((excluded) => rel.startsWith(excluded))) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The model names of models/index.ts (`Organization: createOrganizationModel(db)`). */
function modelNames(): string[] {
  const index = readFileSync(join(ROOT, 'models', 'index.ts'), 'utf8');
  return [...index.matchAll(/^\s+([A-Z]\w+): create\w+Model\(db\)/gm)].map((match) => match[1]);
}

/** Model → the files that call one of its writing methods. */
function writersInCode(models: string[]): Map<string, Set<string>> {
  const pattern = new RegExp(`\\b(${models.join('|')})\\s*\\.\\s*(${WRITES.join('|')})\\s*\\(`, 'g');
  const writers = new Map(models.map((model) => [model, new Set<string>()]));
  for (const file of FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) writers.get(match[1])!.add(relative(ROOT, file));
  }
  return writers;
}

/** Model → the files the README's table names as its writers. */
function writersInReadme(): Map<string, Set<string>> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Who writes what');
  expect(start).toBeGreaterThan(-1);
  const section = readme.slice(start, readme.indexOf('\n#', start + 5));
  const rows = section.split('\n').filter((line) => /^\|\s*`[a-z_]+`/.test(line));
  return new Map(
    rows.map((row) => {
      const [, , model, writers] = row.split('|').map((cell) => cell.trim());
      const files = [...writers.matchAll(/`([\w/.-]+\.ts)`/g)].map((match) => match[1]);
      return [model.replace(/`/g, ''), new Set(files)];
    }),
  );
}

const sorted = (set: Set<string> | undefined) => [...(set ?? [])].sort();

describe('who writes what', () => {
  const models = modelNames();
  const code = writersInCode(models);
  const readme = writersInReadme();

  it('finds every collection and its writers', () => {
    expect(models.length).toBeGreaterThan(10);
    expect(sorted(code.get('LedgerEntry'))).toEqual(['activities/ledger.ts']);
  });

  it('names a row for every collection in the README', () => {
    expect([...readme.keys()].sort()).toEqual([...models].sort());
  });

  it.each(modelNames())('%s is written only by the modules the README names', (model) => {
    expect({ model, writers: sorted(code.get(model)) }).toEqual({ model, writers: sorted(readme.get(model)) });
  });
});
