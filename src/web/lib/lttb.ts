/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the shape of a line
 * (peaks and dips) while cutting it to `threshold` points. The first and last points are always
 * kept; the points between are split into `threshold - 2` buckets, and from each bucket the point
 * that forms the largest triangle with the point kept before it and the average of the next
 * bucket is kept.
 *
 * Pure: returns a new array holding a subset of the given points, in their order. The points
 * must be sorted by x.
 */
export function lttb<T>(
  points: readonly T[],
  threshold: number,
  x: (point: T) => number,
  y: (point: T) => number,
): T[] {
  if (!Number.isInteger(threshold) || threshold < 3) {
    throw new RangeError(`LTTB needs a whole threshold of at least 3, got ${threshold}`);
  }
  const count = points.length;
  if (count <= threshold) return [...points];

  const xs = points.map(x);
  const ys = points.map(y);
  const kept: T[] = [points[0]!];
  // Every point but the first and the last is spread over threshold - 2 buckets.
  const bucketSize = (count - 2) / (threshold - 2);
  let previous = 0;

  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;

    // The average of the next bucket (the last point, for the last bucket) is the third corner.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, count);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += xs[i]!;
      avgY += ys[i]!;
    }
    const span = nextEnd - nextStart;
    avgX /= span;
    avgY /= span;

    const ax = xs[previous]!;
    const ay = ys[previous]!;
    let chosen = start;
    let largest = -1;
    for (let i = start; i < end; i++) {
      // Twice the triangle's area; the factor does not change which one is largest.
      const area = Math.abs((ax - avgX) * (ys[i]! - ay) - (ax - xs[i]!) * (avgY - ay));
      if (area > largest) {
        largest = area;
        chosen = i;
      }
    }
    kept.push(points[chosen]!);
    previous = chosen;
  }

  kept.push(points[count - 1]!);
  return kept;
}
