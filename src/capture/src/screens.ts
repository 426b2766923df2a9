/** Screen builders: plain DOM, text only through text nodes, no inline styles. */
import { captureOverlay, h, icon, ICONS } from './dom';
import type { Translator, MessageKey } from './i18n';

export interface Screen {
  root: HTMLElement;
  /** Runs when the screen is replaced (stop the camera, timers, polling). */
  cleanup?: () => void;
}

export function heading(text: string): HTMLHeadingElement {
  return h('h1', { class: 'title', tabindex: -1 }, text);
}

export function button(
  label: string,
  onClick: () => void,
  variant: 'primary' | 'secondary' | 'link' = 'primary',
  extra: Record<string, string> = {},
): HTMLButtonElement {
  return h('button', { type: 'button', class: `btn btn--${variant}`, onclick: () => onClick(), ...extra }, label);
}

export function stepIndicator(tr: Translator, step: number, total: number): HTMLElement | null {
  return total > 1 ? h('p', { class: 'step' }, tr.t('app.stepOf', { step, total })) : null;
}

export function loadingScreen(tr: Translator | null): Screen {
  const text = tr ? tr.t('app.loading') : 'Loading…';
  return { root: h('section', { class: 'center', 'aria-label': text }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', { class: 'muted' }, text)) };
}

export interface MessageScreenOptions {
  kind: 'success' | 'error' | 'info';
  title: MessageKey;
  body: string[];
  actions?: HTMLElement[];
}

export function messageScreen(tr: Translator, o: MessageScreenOptions): Screen {
  const glyph = o.kind === 'error' ? ICONS.alert : ICONS.check;
  return {
    root: h(
      'section',
      { class: `center message message--${o.kind}` },
      h('div', { class: 'badge' }, icon(glyph, 'icon icon--large')),
      heading(tr.t(o.title)),
      ...o.body.map((text) => h('p', null, text)),
      o.actions && o.actions.length ? h('div', { class: 'actions' }, ...o.actions) : null,
    ),
  };
}

export function introScreen(tr: Translator, hasDocument: boolean, onStart: () => void): Screen {
  return {
    root: h(
      'section',
      { class: 'stack' },
      h('div', { class: 'badge' }, icon(hasDocument ? ICONS.id : ICONS.camera, 'icon icon--large')),
      heading(tr.t('intro.title')),
      h('p', null, tr.t(hasDocument ? 'intro.bodyDocument' : 'intro.bodyFace')),
      h(
        'ul',
        { class: 'tips' },
        h('li', null, tr.t('intro.tipLight')),
        h('li', null, tr.t('intro.tipAccessories')),
        h('li', null, tr.t('intro.tipStraight')),
      ),
      h('div', { class: 'actions' }, button(tr.t('intro.start'), onStart)),
    ),
  };
}

/**
 * The SVG of the QR code as an <img> source. The server's SVG text is never parsed into the page:
 * as an image it cannot run script or reach the DOM.
 */
export function svgDataUrl(svg: string): string | null {
  const s = svg.trim();
  if (/^data:image\/svg\+xml[;,]/i.test(s)) return s;
  if (!/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(s)) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s)}`;
}

export interface CrossDeviceOptions {
  qrSvg: string | null;
  allowThisDevice: boolean;
  onThisDevice: () => void;
}

export function crossDeviceScreen(tr: Translator, o: CrossDeviceOptions): Screen {
  const src = o.qrSvg ? svgDataUrl(o.qrSvg) : null;
  return {
    root: h(
      'section',
      { class: 'stack center' },
      h('div', { class: 'badge' }, icon(ICONS.phone, 'icon icon--large')),
      heading(tr.t('cross.title')),
      src ? h('p', null, tr.t('cross.body')) : h('p', null, tr.t('cross.unavailable')),
      src ? h('img', { class: 'qr', src, alt: tr.t('cross.qrAlt'), width: 240, height: 240 }) : null,
      src ? h('p', { class: 'muted' }, tr.t('cross.waiting')) : null,
      o.allowThisDevice
        ? h('div', { class: 'actions' }, button(tr.t('cross.thisDevice'), o.onThisDevice, 'secondary'))
        : h('p', { class: 'note' }, tr.t('cross.onlyMobile')),
    ),
  };
}

export interface CameraView {
  screen: Screen;
  stage: HTMLElement;
  video: HTMLVideoElement;
  status: HTMLElement;
  feedback: HTMLElement;
  attempts: HTMLElement;
  actions: HTMLElement;
  captureButton: HTMLButtonElement;
  fileInput: HTMLInputElement;
}

export interface CameraViewOptions {
  kind: 'face' | 'document';
  title: MessageKey;
  step: number;
  totalSteps: number;
  onCapture: () => void;
  onFile: (file: File) => void;
}

export function cameraView(tr: Translator, o: CameraViewOptions): CameraView {
  const face = o.kind === 'face';
  const video = h('video', {
    class: face ? 'video video--mirror' : 'video',
    autoplay: true,
    muted: true,
    playsinline: true,
    'aria-label': tr.t('camera.previewLabel'),
  });
  const status = h('p', { class: 'stage-status' }, tr.t('camera.starting'));
  const stage = h(
    'div',
    { class: `stage stage--${o.kind}` },
    video,
    captureOverlay(o.kind),
    status,
  );
  const captureButton = button(tr.t('camera.capture'), o.onCapture, 'primary', { disabled: '' });
  captureButton.prepend(icon(ICONS.camera));
  const fileInput = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: face ? 'user' : 'environment',
    class: 'visually-hidden',
    tabindex: -1,
    'aria-hidden': 'true',
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) o.onFile(file);
  });
  const feedback = h('div', { class: 'feedback' });
  const attempts = h('p', { class: 'attempts muted' });
  const actions = h('div', { class: 'actions' }, captureButton);
  const root = h(
    'section',
    { class: 'stack' },
    stepIndicator(tr, o.step, o.totalSteps),
    heading(tr.t(o.title)),
    h('p', { class: 'guide' }, tr.t(face ? 'camera.guideFace' : 'camera.guideDocument')),
    stage,
    feedback,
    attempts,
    actions,
    fileInput,
  );
  return { screen: { root }, stage, video, status, feedback, attempts, actions, captureButton, fileInput };
}

export interface PreviewView {
  screen: Screen;
  feedback: HTMLElement;
  attempts: HTMLElement;
  submit: HTMLButtonElement;
  retake: HTMLButtonElement;
  setBusy(busy: boolean): void;
}

export interface PreviewOptions {
  kind: 'face' | 'document';
  image: string;
  mirrored: boolean;
  step: number;
  totalSteps: number;
  onSubmit: () => void;
  onRetake: () => void;
}

export function previewView(tr: Translator, o: PreviewOptions): PreviewView {
  const feedback = h('div', { class: 'feedback' });
  const attempts = h('p', { class: 'attempts muted' });
  const submit = button(tr.t('preview.submit'), o.onSubmit, 'primary');
  const retake = button(tr.t('preview.retake'), o.onRetake, 'secondary');
  const busy = h('div', { class: 'busy', hidden: true }, h('div', { class: 'spinner spinner--small', 'aria-hidden': 'true' }), h('span', null, tr.t('preview.sending')));
  const root = h(
    'section',
    { class: 'stack' },
    stepIndicator(tr, o.step, o.totalSteps),
    heading(tr.t('preview.title')),
    h('p', { class: 'guide' }, tr.t(o.kind === 'face' ? 'preview.bodyFace' : 'preview.bodyDocument')),
    h('div', { class: `stage stage--${o.kind} stage--still` }, h('img', { class: o.mirrored ? 'shot video--mirror' : 'shot', src: o.image, alt: tr.t('preview.alt') })),
    feedback,
    attempts,
    busy,
    h('div', { class: 'actions' }, submit, retake),
  );
  return {
    screen: { root },
    feedback,
    attempts,
    submit,
    retake,
    setBusy(isBusy: boolean) {
      submit.disabled = isBusy;
      retake.disabled = isBusy;
      busy.hidden = !isBusy;
      root.setAttribute('aria-busy', String(isBusy));
    },
  };
}
