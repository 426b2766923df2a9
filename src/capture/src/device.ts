export interface DeviceTraits {
  /** Any touch-capable pointer (`navigator.maxTouchPoints > 0` or `(any-pointer: coarse)`). */
  touch: boolean;
  /** The primary pointer is precise (`(pointer: fine)`): a mouse or trackpad. */
  finePointer: boolean;
  /** Viewport width in CSS pixels. */
  width: number;
}

/** A desktop gets the QR hand-off: no touch at all, or a wide screen driven by a mouse (touch laptops). */
export function isDesktop(d: DeviceTraits): boolean {
  if (!d.touch) return true;
  return d.finePointer && d.width >= 1024;
}

export function currentDevice(w: Window): DeviceTraits {
  const mq = (q: string) => (typeof w.matchMedia === 'function' ? w.matchMedia(q).matches : false);
  return {
    touch: (w.navigator.maxTouchPoints ?? 0) > 0 || mq('(any-pointer: coarse)'),
    finePointer: mq('(pointer: fine)'),
    width: w.innerWidth,
  };
}
