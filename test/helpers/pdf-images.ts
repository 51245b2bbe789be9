import { execFile } from 'node:child_process';
import path from 'node:path';

/** The images embedded in a PDF, as pdf.js decodes them (PNG bytes), read in a child process like pdf-text.ts. */
const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const { pages } = await parser.getImage({ imageBuffer: true, imageDataUrl: false });
    const images = pages.flatMap((page) => page.images.map((image) => Buffer.from(image.data).toString('base64')));
    process.stdout.write(JSON.stringify(images));
  } finally {
    await parser.destroy();
  }
});`;

export function extractPdfImages(pdf: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', EXTRACT],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve((JSON.parse(stdout) as string[]).map((b) => Buffer.from(b, 'base64'))),
    );
    child.stdin!.end(pdf);
  });
}
