// The size a compressed frame declares in its own header (JPEG SOF, JPEG-LS SOF55, JPEG 2000 SIZ), read before any
// codec runs: a DICOM whose Rows/Columns disagree with it is refused, because some codecs size their loops from the
// DICOM header and a damaged one (65535 × 65535) would keep them busy for minutes.

export interface FrameSize {
  width: number;
  height: number;
}

const isJpegSof = (m: number): boolean => (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;

export interface JpegFrameHeader extends FrameSize {
  /** Sample precision in bits (8 or 12 for DCT processes, 2–16 for lossless and JPEG-LS). */
  precision: number;
  components: number;
}

/** JPEG / JPEG-LS: walks the marker segments from SOI to the first frame header; null when the stream has none. */
export function jpegFrameHeader(data: Uint8Array): JpegFrameHeader | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < data.length) {
    if (data[i] !== 0xff) return null;
    const marker = data[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte before a marker
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end of image before any frame header
    const length = (data[i + 2] << 8) | data[i + 3];
    if (isJpegSof(marker)) {
      return { precision: data[i + 4], height: (data[i + 5] << 8) | data[i + 6], width: (data[i + 7] << 8) | data[i + 8], components: data[i + 9] };
    }
    if (length < 2) return null;
    i += 2 + length;
  }
  return null;
}

/** JPEG 2000 / HTJ2K codestream: SOC then SIZ, whose image area is Xsiz − XOsiz by Ysiz − YOsiz. */
function j2kSize(data: Uint8Array): FrameSize | null {
  if (data.length < 24 || data[0] !== 0xff || data[1] !== 0x4f || data[2] !== 0xff || data[3] !== 0x51) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { width: view.getUint32(8) - view.getUint32(16), height: view.getUint32(12) - view.getUint32(20) };
}

/** The frame size the compressed stream states for transfer syntax `ts`, or null when it has no readable header. */
export function compressedFrameSize(ts: string, data: Uint8Array): FrameSize | null {
  if (/^1\.2\.840\.10008\.1\.2\.4\.(5\d|[67]\d|8[01])$/.test(ts)) return jpegFrameHeader(data);
  if (/^1\.2\.840\.10008\.1\.2\.4\.(9[01]|20[123])$/.test(ts)) return j2kSize(data);
  return null;
}

/**
 * Throws when the compressed header disagrees with Rows/Columns. A JPEG height of 0 means "given later by a DNL
 * marker" (ITU T.81 B.2.5) and is accepted; the decoded size is checked again after decoding.
 */
export function checkCompressedFrameSize(ts: string, data: Uint8Array, columns: number, rows: number): void {
  const size = compressedFrameSize(ts, data);
  if (!size) return;
  if (size.width !== columns || (size.height !== 0 && size.height !== rows)) {
    throw new Error(`the compressed frame's own header says ${size.width}×${size.height}, the DICOM header says ${columns}×${rows} (Rows/Columns damaged or wrong); not decoded`);
  }
}
