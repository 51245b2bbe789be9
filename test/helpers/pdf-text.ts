import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Runs `extract`, the body of an async function of `parser` (a pdf-parse PDFParse of `pdf`), and answers
 * what it returns (JSON). pdf-parse 2 (pdf.js) loads its worker with a dynamic `import()`, which jest's module
 * sandbox refuses without --experimental-vm-modules, so this runs in a plain Node child process.
 */
export function parsePdfInChild<T>(pdf: Buffer, extract: string): Promise<T> {
  const script = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const extracted = await (async () => {${extract}})();
    process.stdout.write(JSON.stringify(extracted));
  } finally {
    await parser.destroy();
  }
});`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as T)),
    );
    child.stdin!.end(pdf);
  });
}

export interface ExtractedPdf {
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

export function extractPdf(pdf: Buffer): Promise<ExtractedPdf> {
  return parsePdfInChild(
    pdf,
    `
    const { text, total } = await parser.getText();
    const { info } = await parser.getInfo();
    return { text, pages: total, info };`,
  );
}

/** A piece of text as pdf.js places it: page, left edge and baseline (points from the bottom), width. */
export interface PlacedText {
  page: number;
  x: number;
  y: number;
  width: number;
  text: string;
}

export function placedTexts(pdf: Buffer): Promise<PlacedText[]> {
  return parsePdfInChild(
    pdf,
    `
    const document = await parser.load();
    const placed = [];
    for (let page = 1; page <= document.numPages; page++) {
      const { items } = await (await document.getPage(page)).getTextContent();
      for (const item of items) {
        if (item.str.trim()) placed.push({ page, x: item.transform[4], y: item.transform[5], width: item.width, text: item.str });
      }
    }
    return placed;`,
  );
}
