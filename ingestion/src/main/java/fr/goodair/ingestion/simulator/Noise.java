package fr.goodair.ingestion.simulator;

/**
 * Deterministic pseudo-randomness for the simulator: every value is a pure function of (seed, key, channel,
 * index), so the same simulated hour gives the same answer whatever order hours are asked in (no hidden
 * sequential state, unlike {@link java.util.Random}).
 */
final class Noise {

  private Noise() {}

  /** SplitMix64 finaliser: a good 64-bit mixer, so neighbouring inputs give unrelated outputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long hash(long seed, String key, long channel, long index) {
    long h = mix(seed ^ 0x9e3779b97f4a7c15L);
    h = mix(h ^ key.hashCode());
    h = mix(h ^ channel * 0x632be59bd9b4e019L);
    return mix(h ^ index * 0x85ebca6b0c2b2ae3L);
  }

  /** Uniform in [0, 1). */
  static double uniform(long seed, String key, long channel, long index) {
    return (hash(seed, key, channel, index) >>> 11) * 0x1.0p-53;
  }

  /** Standard normal (Box-Muller on two independent hashes). */
  static double gaussian(long seed, String key, long channel, long index) {
    double u1 = uniform(seed, key, channel, 2 * index);
    double u2 = uniform(seed, key, channel, 2 * index + 1);
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Smooth standard-normal-ish noise: Gaussian values at knots every {@code spacing} units of {@code t}, joined by
   * a smoothstep so the curve has no kinks. The variance dips a little between knots, which is harmless here.
   */
  static double smooth(long seed, String key, long channel, double t, double spacing) {
    double x = t / spacing;
    long k = (long) Math.floor(x);
    double f = x - k;
    double s = f * f * (3 - 2 * f);
    double a = gaussian(seed, key, channel, k);
    double b = gaussian(seed, key, channel, k + 1);
    // Rescale so the mid-knot variance is not visibly smaller than at the knots.
    double norm = Math.sqrt((1 - s) * (1 - s) + s * s);
    return (a * (1 - s) + b * s) / norm;
  }
}
