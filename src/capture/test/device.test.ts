import { describe, expect, it } from 'vitest';
import { isDesktop } from '../src/device';
import { classifyCameraError, fitWithin } from '../src/camera';

describe('device', () => {
  it('isDesktop_NoTouch_IsDesktop', () => {
    expect(isDesktop({ touch: false, finePointer: true, width: 390 })).toBe(true);
  });

  it('isDesktop_Phone_IsNotDesktop', () => {
    expect(isDesktop({ touch: true, finePointer: false, width: 390 })).toBe(false);
  });

  it('isDesktop_Tablet_IsNotDesktop', () => {
    expect(isDesktop({ touch: true, finePointer: false, width: 1180 })).toBe(false);
  });

  it('isDesktop_TouchLaptopWithMouse_IsDesktop', () => {
    expect(isDesktop({ touch: true, finePointer: true, width: 1440 })).toBe(true);
  });
});

describe('camera helpers', () => {
  it('classifyCameraError_PermissionErrors_AreDenied', () => {
    expect(classifyCameraError({ name: 'NotAllowedError' })).toBe('CAMERA_DENIED');
    expect(classifyCameraError({ name: 'SecurityError' })).toBe('CAMERA_DENIED');
  });

  it('classifyCameraError_NoDeviceOrBusy_IsUnavailable', () => {
    expect(classifyCameraError({ name: 'NotFoundError' })).toBe('CAMERA_UNAVAILABLE');
    expect(classifyCameraError({ name: 'NotReadableError' })).toBe('CAMERA_UNAVAILABLE');
    expect(classifyCameraError('weird')).toBe('CAMERA_UNAVAILABLE');
  });

  it('fitWithin_LargeImage_ScalesLongestSideToMax', () => {
    expect(fitWithin(4032, 3024, 1920)).toEqual({ width: 1920, height: 1440 });
    expect(fitWithin(3024, 4032, 1920)).toEqual({ width: 1440, height: 1920 });
  });

  it('fitWithin_SmallImage_IsUnchanged', () => {
    expect(fitWithin(1280, 720, 1920)).toEqual({ width: 1280, height: 720 });
  });
});
