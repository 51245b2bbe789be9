import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * pdf-parse 2 (pdf.js) loads its worker with a dynamic `import()`, which jest's module sandbox refuses
 * without --experimental-vm-modules. So the extraction runs in a plain Node child process.
 */
const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const { text, total } = await parser.getText();
    const { info } = await parser.getInfo();
    process.stdout.write(JSON.stringify({ text, pages: total, info }));
  } finally {
    await parser.destroy();
  }
});`;

export interface ExtractedPdf {
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

export function extractPdf(pdf: Buffer): Promise<ExtractedPdf> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', EXTRACT],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as ExtractedPdf)),
    );
    child.stdin!.end(pdf);
  });
}
