/** Camera access and image preparation. Everything here runs in the browser only. */

export const JPEG_QUALITY = 0.92;
/** Longest side of what is uploaded: large enough for the face checks, small enough for a phone uplink. */
export const MAX_SIDE = 1920;

export type CameraFailure = 'CAMERA_DENIED' | 'CAMERA_UNAVAILABLE';

export class CameraError extends Error {
  readonly code: CameraFailure;
  constructor(code: CameraFailure, message: string) {
    super(message);
    this.name = 'CameraError';
    this.code = code;
  }
}

/** Which failure a getUserMedia rejection means for the person in front of the screen. */
export function classifyCameraError(e: unknown): CameraFailure {
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  return name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError'
    ? 'CAMERA_DENIED'
    : 'CAMERA_UNAVAILABLE';
}

export async function startCamera(video: HTMLVideoElement, facing: 'user' | 'environment'): Promise<MediaStream> {
  const media = navigator.mediaDevices;
  if (!media || typeof media.getUserMedia !== 'function') {
    throw new CameraError('CAMERA_UNAVAILABLE', 'getUserMedia is not available (insecure context or old browser)');
  }
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({
      audio: false,
      video: { facingMode: facing, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (e) {
    throw new CameraError(classifyCameraError(e), e instanceof Error ? e.message : String(e));
  }
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.srcObject = stream;
  try {
    await video.play();
  } catch {
    // Autoplay of a muted inline video is allowed everywhere we run; if a browser still refuses,
    // the preview starts on the next user gesture and capture keeps working from the stream.
  }
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      video.addEventListener('loadeddata', done, { once: true });
      setTimeout(done, 4000);
    });
  }
  return stream;
}

export function stopCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** Scales (w, h) down so that the longest side is at most `max`. */
export function fitWithin(w: number, h: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

function toJpeg(source: CanvasImageSource, w: number, h: number): string {
  const { width, height } = fitWithin(w, h, MAX_SIDE);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  ctx.drawImage(source, 0, 0, width, height);
  return canvas.toDataURL('image/jpeg', JPEG_QUALITY);
}

/** The current video frame as a JPEG data URL (not mirrored: the server sees the real image). */
export function captureFrame(video: HTMLVideoElement): string {
  if (!video.videoWidth || !video.videoHeight) throw new CameraError('CAMERA_UNAVAILABLE', 'no video frame yet');
  return toJpeg(video, video.videoWidth, video.videoHeight);
}

/**
 * An uploaded file re-encoded as JPEG: applies EXIF orientation (the browser decodes with it),
 * bounds the size and strips metadata such as GPS position. Throws `IMAGE_UNSUPPORTED` when the
 * browser cannot decode the file (e.g. HEIC outside Safari).
 */
export async function fileToJpeg(file: File): Promise<string> {
  if (file.type && !file.type.startsWith('image/')) throw new Error('IMAGE_UNSUPPORTED');
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      try {
        return toJpeg(bitmap, bitmap.width, bitmap.height);
      } finally {
        bitmap.close();
      }
    } catch {
      // Fall back to <img>, which some browsers decode more formats with.
    }
  }
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('IMAGE_INVALID'));
    reader.readAsDataURL(file);
  });
  const img = new Image();
  img.decoding = 'async';
  img.src = dataUrl;
  try {
    await img.decode();
  } catch {
    throw new Error('IMAGE_UNSUPPORTED');
  }
  return toJpeg(img, img.naturalWidth, img.naturalHeight);
}
