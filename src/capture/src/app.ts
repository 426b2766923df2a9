/** The capture flow: session → (QR hand-off) → intro → document? → face → complete → done. */
import { EnrolmentApi, EnrolmentApiError, type EnrolmentSession, type Step } from './api';
import { applyTheme, safeLogoUrl, themeFor } from './branding';
import { CameraError, captureFrame, fileToJpeg, startCamera, stopCamera } from './camera';
import { currentDevice, isDesktop } from './device';
import { h } from './dom';
import { errorMessageKey, FACE_ERROR_CODES, isTerminal } from './errors';
import {
  htmlLang, loadMessages, resolveLanguage, textDirection, translator,
  type Language, type Translator,
} from './i18n';
import { completedMessage, errorMessage, postToParent, type ParentMessage } from './iframe';
import { parseQuery, urlWithoutToken, type CaptureQuery } from './query';
import {
  button, cameraView, crossDeviceScreen, introScreen, loadingScreen, messageScreen, previewView,
  type CameraView, type PreviewView, type Screen,
} from './screens';

const TOKEN_KEY = 'wfp.capture.token';
const REDIRECT_DELAY_MS = 4000;
const CROSS_DEVICE_POLL_MS = 4000;

/** Codes that are reported to the parent window in iframe mode. */
const PARENT_REPORTED = new Set<string>([
  ...FACE_ERROR_CODES, 'SESSION_UNAUTHORIZED', 'ATTEMPTS_EXHAUSTED', 'MISSING_DOCUMENT_AND_FACE',
]);

/** Only http(s) URLs may be navigated to; anything else (javascript:, data:) is dropped. */
export function safeRedirectUrl(value: string | null | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function readStoredToken(w: Window): string | null {
  try {
    return w.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // Storage can be blocked in third-party iframes.
  }
}

function storeToken(w: Window, token: string): void {
  try {
    w.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Without storage a reload shows "link expired"; the flow itself works from memory.
  }
}

class CaptureFlow {
  private readonly w: Window;
  private readonly query: CaptureQuery;
  private readonly token: string | null;
  private readonly main: HTMLElement;
  private readonly live: HTMLElement;
  private api: EnrolmentApi | null = null;
  private tr!: Translator;
  private session: EnrolmentSession | null = null;
  private attemptsLeft: number | null = null;
  private cleanup: (() => void) | undefined;
  private steps: Step[] = ['face'];

  constructor(w: Window, query: CaptureQuery, token: string | null) {
    this.w = w;
    this.query = query;
    this.token = token;
    this.main = w.document.getElementById('screen') as HTMLElement;
    this.live = w.document.getElementById('live') as HTMLElement;
  }

  async run(): Promise<void> {
    await this.setLanguage(resolveLanguage(this.query.lang, null, this.w.navigator.languages));
    if (!this.token) {
      this.showExpired();
      return;
    }
    this.api = new EnrolmentApi(this.token);
    await this.loadSession();
  }

  private async loadSession(): Promise<void> {
    this.show(loadingScreen(this.tr));
    let session: EnrolmentSession;
    try {
      session = await this.api!.getSession();
    } catch (e) {
      this.handleFatal(e, () => void this.loadSession());
      return;
    }
    this.session = session;
    this.attemptsLeft = session.attemptsLeft;
    this.steps = session.steps;
    await this.setLanguage(resolveLanguage(this.query.lang, session.locale, this.w.navigator.languages));
    this.applyBranding(session);

    if (session.completed) return this.showCompleted();
    if (this.attemptsLeft !== null && this.attemptsLeft <= 0) return this.showFailed('ATTEMPTS_EXHAUSTED');

    const desktop = isDesktop(currentDevice(this.w));
    // On a desktop: offer the phone hand-off; with onlyMobile there is no "this device" option at all.
    if (desktop && ((this.query.crossDevice && session.crossDevice) || this.query.onlyMobile)) {
      this.showCrossDevice(session);
    } else {
      this.showIntro();
    }
  }

  // ---- language, branding, screen plumbing ----

  private async setLanguage(lang: Language): Promise<void> {
    if (this.tr?.lang === lang) return;
    let messages;
    try {
      messages = await loadMessages(lang);
    } catch {
      lang = 'en-US';
      messages = await loadMessages(lang);
    }
    this.tr = translator(lang, messages);
    const html = this.w.document.documentElement;
    html.lang = htmlLang(lang);
    html.dir = textDirection(lang);
    this.w.document.title = this.session?.branding.name
      ? `${this.tr.t('app.title')} · ${this.session.branding.name}`
      : this.tr.t('app.title');
  }

  private applyBranding(session: EnrolmentSession): void {
    const doc = this.w.document;
    applyTheme(doc.documentElement, themeFor(session.branding));
    const { name } = session.branding;
    const logo = safeLogoUrl(session.branding.logoUrl, this.w.location.origin);
    if (!name && !logo) return;
    const header = h(
      'header',
      { class: 'brand' },
      logo ? h('img', { class: 'brand-logo', src: logo, alt: name ?? '', referrerpolicy: 'no-referrer' }) : null,
      name ? h('span', { class: 'brand-name' }, name) : null,
    );
    // A logo that fails to load must not leave a broken-image icon behind.
    header.querySelector('img')?.addEventListener('error', (ev) => (ev.target as HTMLElement).remove());
    doc.querySelector('header.brand')?.remove();
    this.main.before(header);
    doc.title = name ? `${this.tr.t('app.title')} · ${name}` : this.tr.t('app.title');
  }

  private show(screen: Screen, focus = true): void {
    this.cleanup?.();
    this.cleanup = screen.cleanup;
    this.main.replaceChildren(screen.root);
    this.main.setAttribute('aria-busy', 'false');
    if (focus) screen.root.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    this.w.scrollTo?.(0, 0);
  }

  /** Polite announcement through the live region (cleared first so that repeats are read again). */
  private announce(text: string): void {
    this.live.textContent = '';
    this.w.setTimeout(() => (this.live.textContent = text), 50);
  }

  private notifyParent(message: ParentMessage): void {
    if (this.query.iframe) postToParent(this.w, message);
  }

  private reportError(code: string): void {
    if (PARENT_REPORTED.has(code)) this.notifyParent(errorMessage(this.session?.sessionId ?? null, code));
  }

  private attemptsText(): string {
    return this.attemptsLeft !== null ? this.tr.t('app.attemptsLeft', { count: this.attemptsLeft }) : '';
  }

  // ---- terminal screens ----

  private showExpired(): void {
    this.notifyParent(errorMessage(this.session?.sessionId ?? null, 'SESSION_UNAUTHORIZED'));
    this.show(messageScreen(this.tr, { kind: 'error', title: 'expired.title', body: [this.tr.t('expired.body')] }));
  }

  private showCompleted(): void {
    this.notifyParent(errorMessage(this.session?.sessionId ?? null, 'SESSION_ALREADY_COMPLETED'));
    this.show(messageScreen(this.tr, { kind: 'info', title: 'completed.title', body: [this.tr.t('completed.body')] }));
  }

  private showFailed(code: string): void {
    this.reportError('ATTEMPTS_EXHAUSTED');
    const body = code === 'ATTEMPTS_EXHAUSTED' ? [this.tr.t('failed.body')] : [this.tr.t(errorMessageKey(code)), this.tr.t('failed.body')];
    this.show(messageScreen(this.tr, { kind: 'error', title: 'failed.title', body }));
  }

  private showProblem(code: string, retry: (() => void) | null): void {
    this.reportError(code);
    this.show(
      messageScreen(this.tr, {
        kind: 'error',
        title: 'problem.title',
        body: [this.tr.t(errorMessageKey(code))],
        actions: retry ? [button(this.tr.t('problem.retry'), retry)] : [],
      }),
    );
  }

  /** Errors that end the current screen: session problems, or anything else with a retry. */
  private handleFatal(e: unknown, retry: () => void): void {
    const code = e instanceof EnrolmentApiError ? e.code : 'INTERNAL_ERROR';
    if (code === 'SESSION_UNAUTHORIZED') this.showExpired();
    else if (code === 'SESSION_ALREADY_COMPLETED') this.showCompleted();
    else if (code === 'ATTEMPTS_EXHAUSTED') this.showFailed(code);
    else this.showProblem(code, retry);
  }

  // ---- cross-device hand-off ----

  private showCrossDevice(session: EnrolmentSession): void {
    const withQr = this.query.crossDevice ? (session.crossDevice?.qrSvg ?? null) : null;
    const screen = crossDeviceScreen(this.tr, {
      qrSvg: withQr,
      allowThisDevice: !this.query.onlyMobile,
      onThisDevice: () => this.showIntro(),
    });
    let timer = 0;
    let stopped = false;
    // While the QR is shown, watch for the phone finishing the same request.
    const poll = async () => {
      try {
        const s = await this.api!.getSession();
        if (stopped) return;
        if (s.completed) return this.showCompleted();
      } catch (e) {
        if (stopped) return;
        const code = e instanceof EnrolmentApiError ? e.code : '';
        if (code === 'SESSION_ALREADY_COMPLETED') return this.showCompleted();
        if (code === 'SESSION_UNAUTHORIZED') return this.showExpired();
      }
      timer = this.w.setTimeout(poll, CROSS_DEVICE_POLL_MS);
    };
    if (withQr) timer = this.w.setTimeout(poll, CROSS_DEVICE_POLL_MS);
    screen.cleanup = () => {
      stopped = true;
      this.w.clearTimeout(timer);
    };
    this.show(screen);
  }

  // ---- steps ----

  private showIntro(): void {
    this.show(introScreen(this.tr, this.steps.includes('document'), () => this.runStep(0, 'front')));
  }

  private runStep(index: number, side: 'front' | 'back', feedback?: string): void {
    const step = this.steps[index];
    if (!step) {
      void this.finish();
      return;
    }
    this.showCamera(index, step, side, feedback);
  }

  private showCamera(index: number, step: Step, side: 'front' | 'back', feedback?: string): void {
    const face = step === 'face';
    let stream: MediaStream | null = null;
    let disposed = false;
    const retry = () => this.showCamera(index, step, side);
    const view = cameraView(this.tr, {
      kind: step,
      title: face ? 'camera.titleFace' : side === 'back' ? 'camera.titleDocumentBack' : 'camera.titleDocument',
      step: index + 1,
      totalSteps: this.steps.length,
      onCapture: () => {
        let image: string;
        try {
          image = captureFrame(view.video);
        } catch {
          this.showCameraFailure(view, 'CAMERA_UNAVAILABLE', retry);
          return;
        }
        this.showPreview(index, step, side, image, true);
      },
      onFile: (file) => {
        fileToJpeg(file).then((image) => this.showPreview(index, step, side, image, false), (err: unknown) => {
          const code = err instanceof Error && err.message === 'IMAGE_INVALID' ? 'IMAGE_INVALID' : 'IMAGE_UNSUPPORTED';
          this.setFeedback(view.feedback, this.tr.t(errorMessageKey(code)));
        });
      },
    });
    view.attempts.textContent = this.attemptsText();
    if (feedback) this.setFeedback(view.feedback, feedback);
    // Mobile browsers pause the preview when the page is hidden; resume it when the person comes back.
    const onVisible = () => {
      if (this.w.document.visibilityState === 'visible' && view.video.paused && stream) void view.video.play().catch(() => undefined);
    };
    this.w.document.addEventListener('visibilitychange', onVisible);
    view.screen.cleanup = () => {
      disposed = true;
      this.w.document.removeEventListener('visibilitychange', onVisible);
      stopCamera(stream);
      view.video.srcObject = null;
    };
    this.show(view.screen);

    startCamera(view.video, face ? 'user' : 'environment').then(
      (s) => {
        if (disposed) return stopCamera(s);
        stream = s;
        view.status.remove();
        view.stage.classList.add('stage--live');
        view.captureButton.disabled = false;
      },
      (e: unknown) => {
        if (disposed) return;
        this.showCameraFailure(view, e instanceof CameraError ? e.code : 'CAMERA_UNAVAILABLE', retry);
      },
    );
  }

  private showCameraFailure(view: CameraView, code: 'CAMERA_DENIED' | 'CAMERA_UNAVAILABLE', retry: () => void): void {
    const text = this.tr.t(code === 'CAMERA_DENIED' ? 'camera.denied' : 'camera.unavailable');
    view.stage.classList.add('stage--failed');
    view.status.textContent = text;
    if (!view.status.isConnected) view.stage.append(view.status);
    this.announce(text);
    const upload = button(this.tr.t('camera.upload'), () => view.fileInput.click(), 'primary');
    const again = button(this.tr.t('camera.retryCamera'), retry, 'secondary');
    view.actions.replaceChildren(upload, h('p', { class: 'hint muted' }, this.tr.t('camera.uploadHint')), again);
    upload.focus();
  }

  /** Shows feedback next to the photo and reads it out through the page's one live region. */
  private setFeedback(el: HTMLElement, text: string): void {
    el.textContent = text;
    if (text) this.announce(text);
  }

  private showPreview(index: number, step: Step, side: 'front' | 'back', image: string, mirrored: boolean): void {
    const view = previewView(this.tr, {
      kind: step,
      image,
      mirrored: mirrored && step === 'face',
      step: index + 1,
      totalSteps: this.steps.length,
      onRetake: () => this.showCamera(index, step, side),
      onSubmit: () => void this.submit(view, index, step, side, image),
    });
    view.attempts.textContent = this.attemptsText();
    this.show(view.screen);
  }

  private async submit(view: PreviewView, index: number, step: Step, side: 'front' | 'back', image: string): Promise<void> {
    view.setBusy(true);
    this.setFeedback(view.feedback, '');
    this.announce(this.tr.t('preview.sending'));
    let hasError: boolean;
    let error: string | null;
    let attemptsLeft: number | null;
    let nextSide: 'back' | null = null;
    try {
      if (step === 'face') {
        const r = await this.api!.submitFace(image);
        ({ hasError, error, attemptsLeft } = r);
      } else {
        const r = await this.api!.submitDocument(image);
        ({ hasError, error, attemptsLeft } = r);
        if (!hasError && r.isTwoSideDocument && side === 'front') nextSide = 'back';
      }
    } catch (e) {
      const code = e instanceof EnrolmentApiError ? e.code : 'INTERNAL_ERROR';
      if (code === 'NETWORK_ERROR') {
        // Nothing reached the server: keep the photo so the person can simply send it again.
        view.setBusy(false);
        this.setFeedback(view.feedback, this.tr.t(errorMessageKey(code)));
        view.submit.focus();
        return;
      }
      if (isTerminal(code)) {
        this.handleFatal(e, () => undefined);
        return;
      }
      hasError = true;
      error = code;
      attemptsLeft = null;
    }

    if (attemptsLeft !== null) this.attemptsLeft = attemptsLeft;
    if (!hasError) {
      if (nextSide) this.runStep(index, nextSide);
      else this.runStep(index + 1, 'front');
      return;
    }
    const code = error ?? 'INTERNAL_ERROR';
    if (code === 'SESSION_ALREADY_COMPLETED') return this.showCompleted();
    if (code === 'SESSION_UNAUTHORIZED') return this.showExpired();
    if (code === 'ATTEMPTS_EXHAUSTED' || (this.attemptsLeft !== null && this.attemptsLeft <= 0)) {
      if (step === 'face' && code !== 'ATTEMPTS_EXHAUSTED') this.reportError(code);
      return this.showFailed(code);
    }
    if (step === 'face' || code === 'INTERNAL_ERROR') this.reportError(code);
    this.showCamera(index, step, side, this.tr.t(errorMessageKey(code)));
  }

  // ---- completion ----

  private async finish(): Promise<void> {
    this.show(loadingScreen(this.tr));
    this.announce(this.tr.t('done.finishing'));
    let returnUrl: string | null;
    try {
      returnUrl = (await this.api!.complete()).customerReturnUrl;
    } catch (e) {
      const code = e instanceof EnrolmentApiError ? e.code : 'INTERNAL_ERROR';
      if (code === 'SESSION_ALREADY_COMPLETED') {
        // The last step already completed the request on the server: that is success for the person.
        returnUrl = null;
      } else if (code === 'MISSING_DOCUMENT_AND_FACE') {
        this.reportError(code);
        this.show(
          messageScreen(this.tr, {
            kind: 'error',
            title: 'problem.title',
            body: [this.tr.t(errorMessageKey(code))],
            actions: [button(this.tr.t('problem.retry'), () => this.runStep(0, 'front'))],
          }),
        );
        return;
      } else {
        this.handleFatal(e, () => void this.finish());
        return;
      }
    }
    this.notifyParent(completedMessage(this.session?.sessionId ?? null));
    this.showDone(this.query.iframe ? null : safeRedirectUrl(returnUrl ?? this.session?.returnUrl, this.w.location.href));
  }

  private showDone(redirect: string | null): void {
    const body = [this.tr.t('done.body')];
    const actions: HTMLElement[] = [];
    let timer = 0;
    if (redirect) {
      body.push(this.tr.t('done.redirecting'));
      actions.push(h('a', { class: 'btn btn--primary', href: redirect, rel: 'noreferrer' }, this.tr.t('done.continue')));
      timer = this.w.setTimeout(() => this.w.location.assign(redirect), REDIRECT_DELAY_MS);
    } else if (!this.query.iframe) {
      body.push(this.tr.t('done.close'));
    }
    const screen = messageScreen(this.tr, { kind: 'success', title: 'done.title', body, actions });
    screen.cleanup = () => this.w.clearTimeout(timer);
    this.show(screen);
    this.announce(this.tr.t('done.title'));
  }
}

export async function start(w: Window): Promise<void> {
  const query = parseQuery(w.location.search);
  if (new URLSearchParams(w.location.search).has('token')) {
    // The token must not stay in the address bar, history, or a shared screenshot.
    w.history.replaceState(w.history.state, '', urlWithoutToken(w.location.href));
  }
  if (query.token) storeToken(w, query.token);
  const token = query.token ?? readStoredToken(w);
  await new CaptureFlow(w, query, token).run();
}
