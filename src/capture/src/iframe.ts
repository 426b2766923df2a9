/**
 * The message posted to `window.parent` in iframe mode. Only these non-secret fields are sent:
 * never the token, images or face details.
 */
export interface ParentMessage {
  sessionId: string | null;
  hasCompleted: boolean;
  hasError: boolean;
  error: string | null;
}

export function completedMessage(sessionId: string | null): ParentMessage {
  return { sessionId, hasCompleted: true, hasError: false, error: null };
}

export function errorMessage(sessionId: string | null, error: string): ParentMessage {
  return { sessionId, hasCompleted: false, hasError: true, error };
}

/**
 * Which origin to address. The parent's origin is known from `location.ancestorOrigins` (Chromium, WebKit)
 * or from the referrer of the framed page; without either we fall back to `*`, which is acceptable because
 * the message carries no secrets and the server's `frame-ancestors` already limits who can embed the app.
 */
export function parentTargetOrigin(ancestorOrigins: ArrayLike<string> | undefined, referrer: string): string {
  const ancestor = ancestorOrigins && ancestorOrigins.length > 0 ? ancestorOrigins[0] : undefined;
  if (ancestor && ancestor !== 'null') return ancestor;
  if (referrer) {
    try {
      const origin = new URL(referrer).origin;
      if (origin && origin !== 'null') return origin;
    } catch {
      // A malformed referrer gives no origin; fall through to '*'.
    }
  }
  return '*';
}

export interface ParentWindowLike {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Posts to the parent when the app is framed; returns whether a message was sent. */
export function postToParent(self: Window, message: ParentMessage): boolean {
  const parent = self.parent as ParentWindowLike | null;
  if (!parent || (parent as unknown) === self) return false;
  const target = parentTargetOrigin(self.location.ancestorOrigins, self.document.referrer);
  parent.postMessage({ ...message }, target);
  return true;
}
