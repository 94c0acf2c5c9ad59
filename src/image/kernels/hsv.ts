import { dimsOf, newImage, saturateU8, type Image } from './image.ts';

const f32 = Math.fround;
const HSV_SHIFT = 12;
const FLT_EPSILON = 1.1920928955078125e-7;
// OpenCV's division tables for 8-bit RGB→HSV, hue range 180
const SDIV = new Int32Array(256);
const HDIV = new Int32Array(256);
for (let i = 1; i < 256; i++) {
  SDIV[i] = Math.round((255 << HSV_SHIFT) / i);
  HDIV[i] = Math.round((180 << HSV_SHIFT) / (6 * i));
}
// which of [v, v(1-s), v(1-s·h), v(1-s(1-h))] is b, g, r in each of the 6 hue sectors
const SECTORS = [[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]] as const;

/**
 * cv2.cvtColor to HSV (`blue` = 0 for BGR, 2 for RGB). uint8: OpenCV's integer tables, H in
 * [0, 180), S and V in [0, 255]; float32: H in [0, 360), S in [0, 1], V as the input.
 */
export function rgbToHsv(img: Image, blue: 0 | 2): Image {
  const { h, w } = dimsOf(img);
  const red = 2 - blue;
  const s = img.data;
  if (img.dtype === 'uint8') {
    const out = newImage('uint8', h, w, 3, true);
    const d = out.data;
    for (let i = 0; i < s.length; i += 3) {
      const b = s[i + blue]!;
      const g = s[i + 1]!;
      const r = s[i + red]!;
      const v = Math.max(b, g, r);
      const diff = v - Math.min(b, g, r);
      const sat = (diff * SDIV[v]! + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
      let hue = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
      hue = (hue * HDIV[diff]! + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
      if (hue < 0) hue += 180;
      d[i] = hue;
      d[i + 1] = sat;
      d[i + 2] = v;
    }
    return out;
  }
  const out = newImage('float32', h, w, 3, true);
  const d = out.data;
  for (let i = 0; i < s.length; i += 3) {
    const b = s[i + blue]!;
    const g = s[i + 1]!;
    const r = s[i + red]!;
    const v = Math.max(b, g, r);
    let diff = f32(v - Math.min(b, g, r));
    const sat = f32(diff / f32(Math.abs(v) + FLT_EPSILON));
    diff = f32(60 / (diff + FLT_EPSILON));
    let hue = v === r ? f32(f32(g - b) * diff) : v === g ? f32(f32(f32(b - r) * diff) + 120) : f32(f32(f32(r - g) * diff) + 240);
    if (hue < 0) hue = f32(hue + 360);
    d[i] = hue;
    d[i + 1] = sat;
    d[i + 2] = v;
  }
  return out;
}

/** One HSV→BGR conversion (OpenCV's HSV2RGB_native); hue already scaled to sectors [0, 6). */
function sectorRgb(hue: number, sat: number, v: number, out: Float32Array): void {
  if (sat === 0) {
    out[0] = out[1] = out[2] = v;
    return;
  }
  let hh = hue % 6;
  if (hh < 0) hh += 6;
  let sector = Math.floor(hh);
  hh = f32(hh - sector);
  if (sector < 0 || sector >= 6) {
    sector = 0;
    hh = 0;
  }
  const tab = [v, f32(v * f32(1 - sat)), f32(v * f32(1 - f32(sat * hh))), f32(v * f32(1 - f32(sat * f32(1 - hh))))];
  const sd = SECTORS[sector]!;
  out[0] = tab[sd[0]]!;
  out[1] = tab[sd[1]]!;
  out[2] = tab[sd[2]]!;
}

/** cv2.cvtColor from HSV to BGR (`blue` = 0) or RGB (`blue` = 2), with the ranges of `rgbToHsv`. */
export function hsvToRgb(img: Image, blue: 0 | 2): Image {
  const { h, w } = dimsOf(img);
  const red = 2 - blue;
  const s = img.data;
  const bgr = new Float32Array(3);
  const isU8 = img.dtype === 'uint8';
  const out = newImage(img.dtype, h, w, 3, true);
  const d = out.data;
  const hscale = isU8 ? f32(6 / 180) : f32(6 / 360);
  const inv255 = f32(1 / 255);
  for (let i = 0; i < s.length; i += 3) {
    const hue = f32(s[i]! * hscale);
    if (isU8) {
      sectorRgb(hue, f32(s[i + 1]! * inv255), f32(s[i + 2]! * inv255), bgr);
      d[i + blue] = saturateU8(f32(bgr[0]! * 255));
      d[i + 1] = saturateU8(f32(bgr[1]! * 255));
      d[i + red] = saturateU8(f32(bgr[2]! * 255));
    } else {
      sectorRgb(hue, s[i + 1]!, s[i + 2]!, bgr);
      d[i + blue] = bgr[0]!;
      d[i + 1] = bgr[1]!;
      d[i + red] = bgr[2]!;
    }
  }
  return out;
}
