// Where the stamp goes on a page as the reader sees it: a corner of the visible area (CropBox), whatever
// the page's /Rotate, expressed as the matrix from "seen" coordinates to the page's own user space.

export type StampCorner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** [a b c d e f] of a PDF `cm` operator. */
export type Matrix = readonly [number, number, number, number, number, number];

export interface PageView {
  /** Size of the page as displayed (width and height swap on a quarter turn). */
  width: number;
  height: number;
  /** Maps a point of the displayed page (origin bottom-left) to the page's user space. */
  matrix: Matrix;
}

/** The displayed page for a visible box and a /Rotate (clockwise, any multiple of 90; others read as 0). */
export function pageView(visible: Box, rotate: number): PageView {
  const quarter = Number.isInteger(rotate / 90) ? (((rotate / 90) % 4) + 4) % 4 : 0;
  const { x, y, width: w, height: h } = visible;
  switch (quarter) {
    case 1:
      return { width: h, height: w, matrix: [0, 1, -1, 0, x + w, y] };
    case 2:
      return { width: w, height: h, matrix: [-1, 0, 0, -1, x + w, y + h] };
    case 3:
      return { width: h, height: w, matrix: [0, -1, 1, 0, x, y + h] };
    default:
      return { width: w, height: h, matrix: [1, 0, 0, 1, x, y] };
  }
}

/** The stamp's box in displayed coordinates, `margin` away from both edges of `corner`. */
export function cornerBox(
  view: Pick<PageView, 'width' | 'height'>,
  size: { width: number; height: number },
  corner: StampCorner,
  margin: number,
): Box {
  const left = corner.endsWith('left');
  const top = corner.startsWith('top');
  return {
    x: left ? margin : Math.max(margin, view.width - margin - size.width),
    y: top ? Math.max(margin, view.height - margin - size.height) : margin,
    width: size.width,
    height: size.height,
  };
}
