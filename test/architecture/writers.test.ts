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

/** The group-commit writers (models/group-write.ts) and the write each stands for. */
const GROUPED: Record<string, string> = { insertGrouped: 'create', updateGroupedById: 'updateOne' };

/** Writes that change a document already there (an insert is the other kind). */
const UPDATES = WRITES.filter((write) => write !== 'create' && write !== 'insertMany');

/** Model → the files that call one of its writing methods (of `writes`). */
function writersInCode(models: string[], writes: string[] = WRITES): Map<string, Set<string>> {
  // Through the model, or its driver collection (`Model.collection.insertMany`), which skips mongoose.
  const pattern = new RegExp(`\\b(${models.join('|')})(?:\\s*\\.\\s*collection)?\\s*\\.\\s*(${writes.join('|')})\\s*\\(`, 'g');
  const writers = new Map(models.map((model) => [model, new Set<string>()]));
  // Or through the group commit of models/group-write.ts (`insertGrouped(models.LedgerEntry, …)`).
  const grouped = Object.entries(GROUPED)
    .filter(([, write]) => writes.includes(write))
    .map(([helper]) => helper);
  const groupedPattern = new RegExp(`\\b(?:${grouped.join('|')})\\s*\\(\\s*(?:[\\w.]+\\.)?(${models.join('|')})\\b`, 'g');
  for (const file of FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(pattern)) writers.get(match[1])!.add(relative(ROOT, file));
    if (grouped.length > 0) for (const match of source.matchAll(groupedPattern)) writers.get(match[1])!.add(relative(ROOT, file));
  }
  return writers;
}

/** Model → the files the README's table names as its writers (`part: 'updated by'`: those it names after "updated by"). */
function writersInReadme(part?: 'updated by'): Map<string, Set<string>> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Who writes what');
  expect(start).toBeGreaterThan(-1);
  const section = readme.slice(start, readme.indexOf('\n#', start + 5));
  const rows = section.split('\n').filter((line) => /^\|\s*`[a-z_]+`/.test(line));
  return new Map(
    rows.map((row) => {
      const [, , model, cell] = row.split('|').map((text) => text.trim());
      const writers = part ? (cell.split(`${part} `)[1] ?? '') : cell;
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

  // Where the table says which writers update (the others only insert, guarded by a unique index), so does the code.
  const updatesInCode = writersInCode(models, UPDATES);
  const updatesInReadme = writersInReadme('updated by');
  const named = models.filter((model) => (updatesInReadme.get(model)?.size ?? 0) > 0);
  it('names the updating writers of bank credits', () => expect(named).toContain('BankCredit'));
  it.each(named)('%s is updated only by the modules the README names after "updated by"', (model) => {
    expect({ model, updaters: sorted(updatesInCode.get(model)) }).toEqual({ model, updaters: sorted(updatesInReadme.get(model)) });
  });
});
