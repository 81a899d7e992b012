import { createHash } from "node:crypto";

/**
 * Deterministic "randomness": every token, event id and digest is a hash of the store's seed and a counter, so the
 * same seed and the same actions give byte-identical state.
 */
export class SeededSource {
  private counter = 0;

  constructor(private readonly seed: number) {}

  hex(label: string, length = 32): string {
    this.counter += 1;
    return createHash("sha256")
      .update(`${this.seed}:${label}:${this.counter}`)
      .digest("hex")
      .slice(0, length);
  }

  uuid(label: string): string {
    const h = this.hex(label, 32);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
