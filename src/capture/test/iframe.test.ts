import { describe, expect, it } from 'vitest';
import { completedMessage, errorMessage, parentTargetOrigin, postToParent } from '../src/iframe';

describe('iframe messages', () => {
  it('completedMessage_Shape_IsExactlyTheFourSeedFields', () => {
    const m = completedMessage('s-1');
    expect(m).toEqual({ sessionId: 's-1', hasCompleted: true, hasError: false, error: null });
    expect(Object.keys(m).sort()).toEqual(['error', 'hasCompleted', 'hasError', 'sessionId']);
  });

  it('errorMessage_Code_CarriesTheCodeAndNotCompleted', () => {
    expect(errorMessage('s-1', 'FACE_NOT_FOUND')).toEqual({ sessionId: 's-1', hasCompleted: false, hasError: true, error: 'FACE_NOT_FOUND' });
    expect(errorMessage(null, 'SESSION_UNAUTHORIZED').sessionId).toBeNull();
  });

  it('parentTargetOrigin_AncestorOrigins_Preferred', () => {
    expect(parentTargetOrigin(['https://shop.test'], 'https://other.test/page')).toBe('https://shop.test');
  });

  it('parentTargetOrigin_OnlyReferrer_UsesItsOrigin', () => {
    expect(parentTargetOrigin(undefined, 'https://shop.test/checkout?x=1')).toBe('https://shop.test');
  });

  it('parentTargetOrigin_NothingKnown_IsStar', () => {
    expect(parentTargetOrigin(undefined, '')).toBe('*');
    expect(parentTargetOrigin([], 'not a url')).toBe('*');
    expect(parentTargetOrigin(['null'], '')).toBe('*');
  });

  it('postToParent_Framed_PostsACopyToTheParentOrigin', () => {
    const posted: Array<[unknown, string]> = [];
    const parent = { postMessage: (m: unknown, o: string) => posted.push([m, o]) };
    const self = {
      parent,
      location: { ancestorOrigins: ['https://shop.test'] },
      document: { referrer: '' },
    } as unknown as Window;
    expect(postToParent(self, completedMessage('s-9'))).toBe(true);
    expect(posted).toEqual([[{ sessionId: 's-9', hasCompleted: true, hasError: false, error: null }, 'https://shop.test']]);
  });

  it('postToParent_NotFramed_PostsNothing', () => {
    const self = { location: {}, document: { referrer: '' } } as unknown as Window & { parent: unknown };
    (self as { parent: unknown }).parent = self;
    expect(postToParent(self, completedMessage('s'))).toBe(false);
  });
});
