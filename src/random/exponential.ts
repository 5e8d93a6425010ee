/**
 * Exponential variates by the ziggurat method (Marsaglia and Tsang, "The Ziggurat Method for
 * Generating Random Variables", Journal of Statistical Software 5(8), 2000), with 256 layers.
 *
 * The area under e^-x is cut into 256 layers of equal area: 255 rectangles stacked on a base
 * layer that is a rectangle plus the tail beyond R. One 32-bit draw picks a layer (its low 8
 * bits) and a point across the layer (its high 24 bits). In about 98.9% of calls the point lies
 * under the layer above and is returned at once. Otherwise a wedge point is tested against e^-x
 * with a second draw; a base-layer point past R becomes R + (an exponential), that is R − ln U,
 * exact because the exponential is memoryless.
 *
 * Cost: nearly always one draw, two table reads and a multiplication, where inversion (`−ln U`)
 * pays for `Math.log` (`npx tsx bench/exponential.bench.ts`). Points across a layer take 2^24
 * values: steps of at most 5.2 × 10^-7 of the mean (the base layer's, the widest).
 */
import type { Rng } from './rng.js';

/** Layers. */
const LAYERS = 256;
/** Values across a layer: the draw's high 24 bits. */
const ACROSS = 2 ** 24;
/** Where the tail starts. */
const R = 7.697117470131487;
/** The area of each layer. */
const AREA = 3.949659822581572e-3;

/** Draws at or above `keep[i]` across layer i fall outside the layer above: test them. */
const keep = new Int32Array(LAYERS);
/** Layer i's width over `ACROSS`: draw × `step[i]` is the point. */
const step = new Float64Array(LAYERS);
/** e^-x at layer i's right edge. */
const height = new Float64Array(LAYERS);
{
  let x = R;
  const base = AREA / Math.exp(-R); // the base layer's width, as a rectangle of its area
  keep[0] = Math.floor((R / base) * ACROSS);
  keep[1] = 0; // layer 1, the top, has no part wholly under the curve: every point is tested
  step[0] = base / ACROSS;
  step[LAYERS - 1] = R / ACROSS;
  height[0] = 1;
  height[LAYERS - 1] = Math.exp(-R);
  for (let i = LAYERS - 2; i >= 1; i--) {
    const wider = x;
    x = -Math.log(AREA / x + Math.exp(-x));
    keep[i + 1] = Math.floor((x / wider) * ACROSS);
    height[i] = Math.exp(-x);
    step[i] = x / ACROSS;
  }
}

/** A standard exponential variate (mean 1) from `rng`. */
export function standardExponential(rng: Rng): number {
  const u = rng.next() * 4294967296;
  const layer = u & 255;
  const across = u >>> 8;
  if (across < keep[layer]!) return across * step[layer]!;
  return outside(rng, layer, across);
}

/** An exponential variate with the given mean: durations, gaps, service times. */
export function exponential(rng: Rng, mean: number): number {
  return standardExponential(rng) * mean;
}

/** The rare draws: the base layer's tail, and wedge points tested against the curve. */
function outside(rng: Rng, layer: number, across: number): number {
  for (;;) {
    if (layer === 0) return R - Math.log(1 - rng.next());
    const x = across * step[layer]!;
    const lower = height[layer]!;
    if (lower + rng.next() * (height[layer - 1]! - lower) < Math.exp(-x)) return x;
    const u = rng.next() * 4294967296;
    layer = u & 255;
    across = u >>> 8;
    if (across < keep[layer]!) return across * step[layer]!;
  }
}
