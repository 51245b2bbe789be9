import { parsePdfInChild } from './pdf-text';

/** The images embedded in a PDF, as pdf.js decodes them (PNG bytes). */
export async function extractPdfImages(pdf: Buffer): Promise<Buffer[]> {
  const images = await parsePdfInChild<string[]>(
    pdf,
    `
    const { pages } = await parser.getImage({ imageBuffer: true, imageDataUrl: false });
    return pages.flatMap((page) => page.images.map((image) => Buffer.from(image.data).toString('base64')));`,
  );
  return images.map((image) => Buffer.from(image, 'base64'));
}
