// Seed lists as NVlabs generate.py writes them ("0-7", "1,3,5", "0-3,10"), shared by the CLI and the Models panel.

/** The seeds of a list; throws an Error naming the part that is wrong. */
export function seedList(value: string): number[] {
  const seeds: number[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a) throw new Error(`seed range "${part}" runs backwards`);
      if (b - a >= 4096) throw new Error(`seed range "${part}" is longer than 4096`);
      for (let s = a; s <= b; s++) seeds.push(s);
    } else if (/^\d+$/.test(part)) {
      seeds.push(Number(part));
    } else {
      throw new Error(`seeds: "${part}" is not a number or a range like 0-7`);
    }
  }
  if (seeds.length === 0) throw new Error('seeds: give at least one seed, e.g. 0-7');
  if (seeds.some((s) => s > 0xffffffff)) throw new Error('seeds must be below 2^32');
  return seeds;
}
