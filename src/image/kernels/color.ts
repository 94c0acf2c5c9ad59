import { DataFlowError } from '../../core/errors.ts';
import { dimsOf, newImage, type Image } from './image.ts';
import { hsvToRgb, rgbToHsv } from './hsv.ts';

/** The cv2.cvtColor conversions implemented here (cv2.COLOR_<code>). */
export type ColorConversion =
  | 'BGR2GRAY' | 'RGB2GRAY' | 'GRAY2BGR' | 'GRAY2RGB' | 'BGR2RGB' | 'RGB2BGR'
  | 'BGR2HSV' | 'RGB2HSV' | 'HSV2BGR' | 'HSV2RGB';

export const COLOR_CONVERSIONS: readonly ColorConversion[] = ['BGR2GRAY', 'RGB2GRAY', 'GRAY2BGR', 'GRAY2RGB', 'BGR2RGB', 'RGB2BGR', 'BGR2HSV', 'RGB2HSV', 'HSV2BGR', 'HSV2RGB'];

const f32 = Math.fround;
// OpenCV's gray coefficients: 0.299 R + 0.587 G + 0.114 B; uint8 uses them in 15-bit fixed point
// (RGB2Gray<uchar> in OpenCV 4; the 14-bit constants of older versions differ by 1 on a few pixels)
const GRAY_SHIFT = 15;
const R2Y = 9798;
const G2Y = 19235;
const B2Y = 3735;
const R2YF = f32(0.299);
const G2YF = f32(0.587);
const B2YF = f32(0.114);

/**
 * cv2.cvtColor(img, COLOR_<code>). A conversion to GRAY gives a 2-D image (as OpenCV does); the
 * others give 3 channels. The input must have 3 channels, or 1 for GRAY2*.
 */
export function cvtColor(img: Image, code: ColorConversion): Image {
  const { h, w, c } = dimsOf(img);
  const fromGray = code === 'GRAY2BGR' || code === 'GRAY2RGB';
  if (fromGray ? c !== 1 : c !== 3) {
    throw new DataFlowError('cvtColor', `COLOR_${code} expects ${fromGray ? '1 channel' : '3 channels'}, got an image of shape [${img.shape.join(',')}]`);
  }
  switch (code) {
    case 'BGR2GRAY':
    case 'RGB2GRAY':
      return toGray(img, code === 'BGR2GRAY' ? 0 : 2);
    case 'GRAY2BGR':
    case 'GRAY2RGB': {
      const out = newImage(img.dtype, h, w, 3, true);
      const s = img.data;
      const d = out.data;
      for (let i = 0, o = 0; i < s.length; i++, o += 3) d[o] = d[o + 1] = d[o + 2] = s[i]!;
      return out;
    }
    case 'BGR2RGB':
    case 'RGB2BGR': {
      const out = newImage(img.dtype, h, w, 3, true);
      const s = img.data;
      const d = out.data;
      for (let i = 0; i < s.length; i += 3) {
        d[i] = s[i + 2]!;
        d[i + 1] = s[i + 1]!;
        d[i + 2] = s[i]!;
      }
      return out;
    }
    case 'BGR2HSV':
    case 'RGB2HSV':
      return rgbToHsv(img, code === 'BGR2HSV' ? 0 : 2);
    case 'HSV2BGR':
    case 'HSV2RGB':
      return hsvToRgb(img, code === 'HSV2BGR' ? 0 : 2);
    default:
      throw new DataFlowError('cvtColor', `unknown conversion ${String(code)}; expected one of ${COLOR_CONVERSIONS.join(', ')}`);
  }
}

/** Gray from 3 channels whose blue one is at index `blue` (0 for BGR, 2 for RGB). */
function toGray(img: Image, blue: 0 | 2): Image {
  const { h, w } = dimsOf(img);
  const red = 2 - blue;
  if (img.dtype === 'uint8') {
    const out = newImage('uint8', h, w, 1, false);
    const s = img.data;
    const d = out.data;
    for (let i = 0, o = 0; o < d.length; i += 3, o++) d[o] = (s[i + blue]! * B2Y + s[i + 1]! * G2Y + s[i + red]! * R2Y + (1 << (GRAY_SHIFT - 1))) >> GRAY_SHIFT;
    return out;
  }
  const out = newImage('float32', h, w, 1, false);
  const s = img.data;
  const d = out.data;
  for (let i = 0, o = 0; o < d.length; i += 3, o++) d[o] = f32(f32(s[i + blue]! * B2YF) + f32(s[i + 1]! * G2YF)) + f32(s[i + red]! * R2YF);
  return out;
}
