type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element. Text children become text nodes (never parsed as HTML); `on*` attributes become
 * listeners; boolean true sets an empty attribute. No innerHTML anywhere in the app.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') {
        el.addEventListener(name.slice(2).toLowerCase(), value);
      } else if (name === 'style') {
        throw new Error('style attributes are blocked by the CSP; use classes');
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A small decorative icon from one path (aria-hidden). */
export function icon(d: string, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.appendChild(path);
  return svg;
}

/**
 * The capture guide drawn over the live video: a translucent shade with a hole (oval for a face, card for a
 * document) and a white outline. One SVG keeps the shade and the outline aligned at any stage size.
 */
export function captureOverlay(kind: 'face' | 'document'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  const face = kind === 'face';
  const [w, hgt] = face ? [300, 400] : [400, 300];
  // Face: ellipse at (50%, 47%) with radii 32% × 32%. Document: ID-1 card (1.586:1) spanning 86% of the width.
  const hole = face
    ? 'M54 188a96 128 0 1 0 192 0a96 128 0 1 0 -192 0Z'
    : 'M38 41.5H362a10 10 0 0 1 10 10V248.5a10 10 0 0 1 -10 10H38a10 10 0 0 1 -10 -10V51.5a10 10 0 0 1 10 -10Z';
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'overlay');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shade = document.createElementNS(SVG_NS, 'path');
  shade.setAttribute('d', `M0 0H${w}V${hgt}H0Z${hole}`);
  shade.setAttribute('fill-rule', 'evenodd');
  shade.setAttribute('class', 'overlay-shade');
  const outline = document.createElementNS(SVG_NS, 'path');
  outline.setAttribute('d', hole);
  outline.setAttribute('class', 'overlay-outline');
  outline.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(shade, outline);
  return svg;
}

export const ICONS = {
  camera: 'M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2z',
  alert: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  phone: 'M16 1H8a3 3 0 0 0-3 3v16a3 3 0 0 0 3 3h8a3 3 0 0 0 3-3V4a3 3 0 0 0-3-3zm-4 21a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm5-4H7V4h10v14z',
  upload: 'M5 20h14v-2H5v2zm0-10h4v6h6v-6h4l-7-7-7 7z',
  id: 'M20 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zM8 8a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm4 8H4v-1c0-1.3 2.7-2 4-2s4 .7 4 2v1zm8-2h-6v-2h6v2zm0-4h-6V8h6v2z',
} as const;
