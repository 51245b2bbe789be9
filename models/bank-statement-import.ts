import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * One imported statement file, keyed by a hash of its bytes: importing the same file again finds this record
 * (and credits nothing twice, as every entry is keyed by its own identity). Written only by the importer.
 */
export const bankStatementImportSchema = new Schema(
  {
    _id: { type: String, required: true },
    filename: { type: String },
    source: { type: String, enum: ['api', 'cli', 'folder'], required: true },
    format: { type: String, required: true },
    messageType: { type: String, required: true },
    statementIds: { type: [String], default: [] },
    sizeBytes: { type: Number, required: true },
    /** How many times the file was imported; the report is the last run's. */
    runs: { type: Number, required: true },
    report: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, versionKey: false },
);

export type BankStatementImport = InferSchemaType<typeof bankStatementImportSchema>;

export const createBankStatementImportModel = (db: Connection) =>
  db.models.BankStatementImport ?? db.model('BankStatementImport', bankStatementImportSchema, 'bank_statement_imports');
