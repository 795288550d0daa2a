// Simulated clocks for the fake: wall time sped up (or frozen with speed 0), plus manual jumps.

/** A clock you move by hand (for unit tests and benchmarks driving the model directly). */
export class ManualClock {
  constructor(private t: number = Date.UTC(2026, 2, 1, 10, 0, 0)) {}

  readonly now = (): number => this.t;

  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }

  set(t: number): void {
    this.t = t;
  }
}

/**
 * now() = source() + offset, where the default source runs `speed` times faster than wall time from `start`.
 * setSpeed rebases so time stays continuous; setSource replaces the source (e.g. a ManualClock).
 */
export class SimClock {
  private source: () => number;
  private offset = 0;
  private speedValue: number;

  constructor(speed = 1, start: number = Date.now()) {
    this.speedValue = speed;
    this.source = this.scaled(start, speed);
  }

  private scaled(simStart: number, speed: number): () => number {
    const wallStart = Date.now();
    return () => simStart + (Date.now() - wallStart) * speed;
  }

  readonly now = (): number => this.source() + this.offset;

  get speed(): number {
    return this.speedValue;
  }

  setSpeed(speed: number): void {
    const current = this.source();
    this.speedValue = speed;
    this.source = this.scaled(current, speed);
  }

  setSource(fn: () => number): void {
    this.source = fn;
    this.offset = 0;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
