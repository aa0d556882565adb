/**
 * Reads codes from camera frames. The browser's BarcodeDetector (Chrome on Android) reads the tube
 * labels' 1-D barcodes as well as QR codes; where it is missing (Safari, Firefox) jsQR reads the QR
 * codes, and tube barcodes are typed or scanned with a handheld scanner instead.
 */
import jsQR from 'jsqr';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const WANTED = ['qr_code', 'code_128', 'code_39', 'code_93', 'codabar', 'ean_13', 'itf', 'data_matrix'];

export type Decoder = (canvas: HTMLCanvasElement) => Promise<string | null>;

function jsqrDecoder(canvas: HTMLCanvasElement): Promise<string | null> {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return Promise.resolve(null);
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  // Printed and on-screen codes are dark on light: skipping the inverted pass halves the work.
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  return Promise.resolve(found?.data ?? null);
}

export async function makeDecoder(): Promise<{ decode: Decoder; barcodes: boolean }> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector) {
    try {
      const supported = await Detector.getSupportedFormats();
      const formats = WANTED.filter((f) => supported.includes(f));
      if (formats.includes('qr_code')) {
        const detector = new Detector({ formats });
        return {
          barcodes: formats.length > 1,
          decode: async (canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null,
        };
      }
    } catch {
      // A detector that cannot list its formats is not trusted: jsQR below.
    }
  }
  return { decode: jsqrDecoder, barcodes: false };
}
