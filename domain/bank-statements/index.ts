import { parseCamt } from './camt';
import { CSV_PRESETS, parseCsv, type CsvMapping } from './csv';
import { parseMt940 } from './mt940';
import { StatementFormatError, type ParsedStatement } from './types';

export * from './types';
export { CSV_PRESETS, csvMappingSchema, type CsvMapping, type CsvPreset } from './csv';
export * from './ladder';

/**
 * Reads a statement file whole, or refuses it whole (StatementFormatError naming the line or element).
 * The format is recognised from the content: XML is camt, ":20:" or a SWIFT envelope is MT940, and a
 * CSV needs its column mapping (a preset's name or a mapping).
 */
export function parseStatement(bytes: Buffer | string, options: { csv?: CsvMapping | string } = {}): ParsedStatement {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('utf8')).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return parseCamt(text);
  if (/^(\{1:|:20:)/.test(start)) return parseMt940(text);
  if (options.csv) {
    const mapping = typeof options.csv === 'string' ? CSV_PRESETS[options.csv as keyof typeof CSV_PRESETS] : options.csv;
    if (!mapping)
      throw new StatementFormatError(`unknown CSV preset "${options.csv}"; presets: ${Object.keys(CSV_PRESETS).join(', ')}`, 'csv');
    return parseCsv(text, mapping);
  }
  throw new StatementFormatError(
    'not camt.053/camt.054 XML or MT940; a CSV file needs a column mapping (csv preset or mapping file)',
    'line 1',
  );
}
