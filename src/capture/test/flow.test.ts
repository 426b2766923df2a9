// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The camera hardware is the one thing a DOM test cannot have; everything else below is the real app.
vi.mock('../src/camera', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/camera')>();
  return {
    ...real,
    startCamera: vi.fn(async () => ({ getTracks: () => [] }) as unknown as MediaStream),
    captureFrame: vi.fn(() => 'data:image/jpeg;base64,/9j/AAAA'),
  };
});

import { start } from '../src/app';
import { startCamera } from '../src/camera';
import { CameraError } from '../src/camera';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXEifQ.c2lnbmF0dXJl';

type Handler = (body: unknown) => { status: number; body: unknown };
interface Seen { path: string; method: string; auth: string | null; body: unknown }

function session(extra: Record<string, unknown> = {}) {
  return {
    sessionId: 'sess-1', requestId: 'req-1', status: 'waiting', steps: ['face'], locale: 'en-US', attemptsLeft: 3,
    maxAttempts: 3, completed: false, returnUrl: null, crossDevice: null,
    branding: { name: 'Acme Bank', primaryColor: '#0a3d62', logoUrl: null }, ...extra,
  };
}

let seen: Seen[];
let routes: Record<string, Handler | Handler[]>;
let posted: Array<{ message: unknown; origin: string }>;

function setup(search: string, r: Record<string, Handler | Handler[]>, framed = false) {
  document.documentElement.lang = 'en-US';
  document.documentElement.dir = 'ltr';
  document.body.innerHTML = '<div id="app"><main id="screen"></main><div id="live" role="status" aria-live="polite"></div></div>';
  history.replaceState(null, '', `/web-enrolment/${search}`);
  sessionStorage.clear();
  routes = r;
  seen = [];
  posted = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const path = new URL(url, location.href).pathname;
    const headers = init.headers as Record<string, string>;
    const body = init.body ? JSON.parse(init.body as string) : null;
    seen.push({ path, method: init.method ?? 'GET', auth: headers.Authorization ?? null, body });
    const route = routes[`${init.method} ${path}`];
    const handler = Array.isArray(route) ? route.shift() : route;
    if (!handler) return new Response('{"code":"NOT_FOUND"}', { status: 404 });
    const res = handler(body);
    return new Response(JSON.stringify(res.body), { status: res.status, headers: { 'Content-Type': 'application/json' } });
  });
  if (framed) {
    Object.defineProperty(window, 'parent', {
      configurable: true,
      value: { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) },
    });
  }
}

const screen = () => document.getElementById('screen')!;
const h1 = () => screen().querySelector('h1')?.textContent ?? '';
const buttonByText = (text: string) =>
  [...screen().querySelectorAll<HTMLElement>('button, a')].find((b) => b.textContent?.trim() === text);
const ok = (body: unknown): Handler => () => ({ status: 200, body });

beforeEach(() => {
  vi.mocked(startCamera).mockClear();
});

afterEach(() => {
  vi.unstubAllGlobals();
  Object.defineProperty(window, 'parent', { configurable: true, value: window });
});

describe('capture flow', () => {
  it('start_TokenInUrl_IsRemovedFromAddressBarAndSentAsBearer', async () => {
    setup(`?token=${TOKEN}&lang=de-DE`, { 'GET /api/v1/enrolment/session': ok(session()) });
    await start(window);
    expect(location.search).toBe('?lang=de-DE');
    expect(seen[0]).toMatchObject({ path: '/api/v1/enrolment/session', auth: `Bearer ${TOKEN}` });
  });

  it('start_NoToken_ShowsExpiredWithoutCallingTheApi', async () => {
    setup('?iframe=true', {}, true);
    await start(window);
    expect(h1()).toBe('This link has expired or is invalid');
    expect(seen).toHaveLength(0);
    expect(posted.map((p) => p.message)).toEqual([{ sessionId: null, hasCompleted: false, hasError: true, error: 'SESSION_UNAUTHORIZED' }]);
  });

  it('start_Session401_ShowsExpiredAndPostsToParent', async () => {
    setup(`?token=${TOKEN}&iframe=true`, {
      'GET /api/v1/enrolment/session': () => ({ status: 401, body: { status: 401, code: 'SESSION_UNAUTHORIZED' } }),
    }, true);
    await start(window);
    expect(h1()).toBe('This link has expired or is invalid');
    expect(posted[0].message).toEqual({ sessionId: null, hasCompleted: false, hasError: true, error: 'SESSION_UNAUTHORIZED' });
  });

  it('start_Session409_ShowsAlreadyCompleted', async () => {
    setup(`?token=${TOKEN}&lang=fr-FR`, {
      'GET /api/v1/enrolment/session': () => ({ status: 409, body: { status: 409, code: 'SESSION_ALREADY_COMPLETED' } }),
    });
    await start(window);
    expect(h1()).toBe('Déjà terminée');
    expect(document.documentElement.lang).toBe('fr-FR');
  });

  it('start_ArabicFromSessionLocale_SetsRtlAndLang', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, { 'GET /api/v1/enrolment/session': ok(session({ locale: 'ar-SA' })) });
    await start(window);
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar-SA');
    expect(h1()).toBe('تحقّق من هويتك');
  });

  it('start_Desktop_ShowsQrAsDataUrlImageNeverAsMarkup', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>parent.pwned=1</script><rect width="1" height="1"/></svg>';
    setup(`?token=${TOKEN}`, {
      'GET /api/v1/enrolment/session': ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: svg } })),
    });
    await start(window);
    expect(h1()).toBe('Continue on your phone');
    const img = screen().querySelector<HTMLImageElement>('img.qr')!;
    expect(img.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    expect(img.alt).toBe('QR code with the link to continue on your phone');
    expect(document.querySelector('svg script, script')).toBeNull();
    expect(buttonByText('Continue on this device')).toBeDefined();
  });

  it('crossDevice_PhoneFinishes_DesktopSwitchesToCompleted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      setup(`?token=${TOKEN}`, {
        'GET /api/v1/enrolment/session': [
          ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: '<svg></svg>' } })),
          ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: '<svg></svg>' } })),
          () => ({ status: 409, body: { status: 409, code: 'SESSION_ALREADY_COMPLETED' } }),
        ],
      });
      await start(window);
      expect(h1()).toBe('Continue on your phone');
      await vi.advanceTimersByTimeAsync(4100);
      expect(h1()).toBe('Continue on your phone');
      await vi.advanceTimersByTimeAsync(4100);
      expect(h1()).toBe('Already completed');
      expect(seen).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(seen).toHaveLength(3); // polling stopped
    } finally {
      vi.useRealTimers();
    }
  });

  it('crossDevice_ContinueOnThisDevice_StopsPolling', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      setup(`?token=${TOKEN}`, {
        'GET /api/v1/enrolment/session': ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: '<svg></svg>' } })),
      });
      await start(window);
      buttonByText('Continue on this device')!.click();
      expect(h1()).toBe('Verify your identity');
      await vi.advanceTimersByTimeAsync(20_000);
      expect(seen).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('start_DesktopOnlyMobile_HasNoThisDeviceOption', async () => {
    setup(`?token=${TOKEN}&onlyMobile=true`, {
      'GET /api/v1/enrolment/session': ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: '<svg></svg>' } })),
    });
    await start(window);
    expect(buttonByText('Continue on this device')).toBeUndefined();
    expect(screen().textContent).toContain('This verification can only be completed on a phone.');
  });

  it('start_DesktopCrossDeviceFalse_GoesStraightToIntro', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session({ crossDevice: { url: 'https://id.test/x', qrSvg: '<svg></svg>' } })),
    });
    await start(window);
    expect(h1()).toBe('Verify your identity');
  });

  it('start_Branding_ShowsNameAndSafeThemeAndDropsUnsafeLogo', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session({ branding: { name: 'Acme <b>Bank</b>', primaryColor: 'red;x:y', logoUrl: 'javascript:alert(1)' } })),
    });
    await start(window);
    const header = document.querySelector('header.brand')!;
    expect(header.textContent).toBe('Acme <b>Bank</b>');
    expect(header.querySelector('b, img')).toBeNull();
    expect(document.documentElement.style.getPropertyValue('--primary')).toBe('#1f4fd1');
  });

  it('faceFlow_ErrorThenSuccess_ShowsLocalizedFeedbackThenCompletesAndPostsToParent', async () => {
    setup(`?token=${TOKEN}&iframe=true&lang=de-DE`, {
      'GET /api/v1/enrolment/session': ok(session({ returnUrl: 'https://shop.test/back' })),
      'POST /api/v1/enrolment/face': [
        ok({ hasError: true, error: 'FACE_NOT_FOUND', attemptsLeft: 2 }),
        ok({ hasError: false }),
      ],
      'POST /api/v1/enrolment/complete': ok({ customerReturnUrl: 'https://shop.test/done' }),
    }, true);
    await start(window);
    buttonByText('Starten')!.click();
    await vi.waitFor(() => expect((buttonByText('Foto aufnehmen') as HTMLButtonElement).disabled).toBe(false));
    expect(vi.mocked(startCamera)).toHaveBeenCalledWith(expect.anything(), 'user');
    buttonByText('Foto aufnehmen')!.click();
    expect(h1()).toBe('Foto überprüfen');
    expect(screen().querySelector('img.shot')!.getAttribute('src')).toBe('data:image/jpeg;base64,/9j/AAAA');

    buttonByText('Dieses Foto verwenden')!.click();
    await vi.waitFor(() => expect(screen().querySelector('.feedback')?.textContent).toBe(
      'Es wurde kein Gesicht gefunden. Platzieren Sie Ihr Gesicht im Oval.',
    ));
    expect(screen().querySelector('.attempts')!.textContent).toBe('Verbleibende Versuche: 2');
    // Screen readers hear the feedback through the page's live region.
    await vi.waitFor(() => expect(document.getElementById('live')!.textContent).toBe(
      'Es wurde kein Gesicht gefunden. Platzieren Sie Ihr Gesicht im Oval.',
    ));
    expect(seen[1]).toMatchObject({ path: '/api/v1/enrolment/face', body: { imageBase: 'data:image/jpeg;base64,/9j/AAAA' } });
    expect(posted.map((p) => p.message)).toEqual([{ sessionId: 'sess-1', hasCompleted: false, hasError: true, error: 'FACE_NOT_FOUND' }]);

    await vi.waitFor(() => expect((buttonByText('Foto aufnehmen') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Foto aufnehmen')!.click();
    buttonByText('Dieses Foto verwenden')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Vielen Dank!'));
    expect(seen.map((s) => s.path)).toEqual([
      '/api/v1/enrolment/session', '/api/v1/enrolment/face', '/api/v1/enrolment/face', '/api/v1/enrolment/complete',
    ]);
    expect(posted[1].message).toEqual({ sessionId: 'sess-1', hasCompleted: true, hasError: false, error: null });
    // iframe mode never redirects.
    expect(buttonByText('Jetzt fortfahren')).toBeUndefined();
  });

  it('faceFlow_AttemptsExhausted_ShowsFailureScreen', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session({ attemptsLeft: 1 })),
      'POST /api/v1/enrolment/face': ok({ hasError: true, error: 'ATTEMPTS_EXHAUSTED' }),
    });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Take photo')!.click();
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Verification failed'));
    expect(buttonByText('Take photo')).toBeUndefined();
  });

  it('faceFlow_NotIframe_DoneScreenLinksToReturnUrl', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session()),
      'POST /api/v1/enrolment/face': ok({ hasError: false }),
      'POST /api/v1/enrolment/complete': ok({ customerReturnUrl: 'https://shop.test/done?x=1' }),
    });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Take photo')!.click();
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Thank you!'));
    expect(buttonByText('Continue now')!.getAttribute('href')).toBe('https://shop.test/done?x=1');
  });

  it('faceFlow_JavascriptReturnUrl_IsNeverLinked', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session()),
      'POST /api/v1/enrolment/face': ok({ hasError: false }),
      'POST /api/v1/enrolment/complete': ok({ customerReturnUrl: 'javascript:alert(1)' }),
    });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Take photo')!.click();
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Thank you!'));
    expect(buttonByText('Continue now')).toBeUndefined();
    expect(screen().textContent).toContain('You can close this window now.');
  });

  it('documentFlow_DocumentThenFace_PostsBothInOrder', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, {
      'GET /api/v1/enrolment/session': ok(session({ steps: ['face', 'document'] })),
      'POST /api/v1/enrolment/document': ok({ hasError: false, isTwoSideDocument: false, pageSide: 'front', country: null, type: null }),
      'POST /api/v1/enrolment/face': ok({ hasError: false }),
      'POST /api/v1/enrolment/complete': ok({ customerReturnUrl: null }),
    });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    expect(h1()).toBe('Photograph your ID document');
    expect(screen().textContent).toContain('Step 1 of 2');
    expect(vi.mocked(startCamera)).toHaveBeenLastCalledWith(expect.anything(), 'environment');
    buttonByText('Take photo')!.click();
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Take a selfie'));
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Take photo')!.click();
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(h1()).toBe('Thank you!'));
    expect(seen.map((s) => s.path).slice(1)).toEqual([
      '/api/v1/enrolment/document', '/api/v1/enrolment/face', '/api/v1/enrolment/complete',
    ]);
  });

  it('camera_Denied_ShowsMessageAndUploadFallback', async () => {
    vi.mocked(startCamera).mockRejectedValueOnce(new CameraError('CAMERA_DENIED', 'denied'));
    setup(`?token=${TOKEN}&crossDevice=false`, { 'GET /api/v1/enrolment/session': ok(session()) });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect(buttonByText('Upload a photo')).toBeDefined());
    expect(screen().textContent).toContain('Camera access was blocked.');
    const input = screen().querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.getAttribute('accept')).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('user');
    expect(buttonByText('Try the camera again')).toBeDefined();
  });

  it('submit_NetworkError_KeepsPhotoForResend', async () => {
    setup(`?token=${TOKEN}&crossDevice=false`, { 'GET /api/v1/enrolment/session': ok(session()) });
    await start(window);
    buttonByText('Start')!.click();
    await vi.waitFor(() => expect((buttonByText('Take photo') as HTMLButtonElement).disabled).toBe(false));
    buttonByText('Take photo')!.click();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    buttonByText('Use this photo')!.click();
    await vi.waitFor(() => expect(screen().querySelector('.feedback')?.textContent).toBe(
      'Connection problem. Check your internet connection and try again.',
    ));
    expect(h1()).toBe('Check your photo');
    expect((buttonByText('Use this photo') as HTMLButtonElement).disabled).toBe(false);
  });
});
